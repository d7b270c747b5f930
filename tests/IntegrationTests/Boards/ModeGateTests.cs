using System.Net;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>The per-tool gate before bootstrap (a fresh, empty server).</summary>
public sealed class PreBootstrapGateTests
{
    private PlatformApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new PlatformApp();

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task MCPSystemGetCapabilities_FullPreBootstrap()
    {
        using var client = _app.NewClient();
        var response = await Call(client, HttpMethod.Get, null);
        var data = response.AssertOk();
        Assert.That(response.Response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(data.GetProperty("serverMode").GetString(), Is.EqualTo("full"));
        Assert.That(data.GetProperty("bootstrapAvailable").GetBoolean(), Is.True);
        Assert.That(data.GetProperty("auth").GetRawText(), Is.EqualTo(
            "{\"mode\":\"sessionCookie\",\"authenticated\":false,\"authenticatedToolsUsable\":false,"
            + "\"reason\":\"bootstrap required before authenticated MCP tools are available\",\"authMethods\":[\"sessionCookie\",\"bearer\"]}"));
        Assert.That(data.GetProperty("implementedTools").GetArrayLength(), Is.EqualTo(28));
        Assert.That(data.TryGetProperty("plannedTools", out _), Is.False);
    }

    [Test]
    public async Task MCPUnknownToolReturnsNotFoundEnvelope()
    {
        using var client = _app.NewClient();
        var details = (await Call(client, HttpMethod.Post, "{\"tool\":\"missing.tool\",\"input\":{}}"))
            .AssertError(HttpStatusCode.NotFound, "NOT_FOUND", "tool not found");
        Assert.That(details.GetProperty("tool").GetString(), Is.EqualTo("missing.tool"));
    }

    [TestCase("todos.create", TestName = "MCPTodosCreateCapabilityUnavailableBeforeBootstrap")]
    [TestCase("projects.list", TestName = "MCPProjectsListCapabilityUnavailableBeforeBootstrap")]
    [TestCase("tags.deleteMine", TestName = "MCPTagsDeleteMineCapabilityUnavailableBeforeBootstrap")]
    [TestCase("tags.deleteProject", TestName = "MCPTagsDeleteProjectCapabilityUnavailableBeforeBootstrap")]
    [TestCase("members.add", TestName = "MCPMembersAddCapabilityUnavailableBeforeBootstrap")]
    [TestCase("members.updateRole", TestName = "MCPMembersUpdateRoleCapabilityUnavailableBeforeBootstrap")]
    [TestCase("members.remove", TestName = "MCPMembersRemoveCapabilityUnavailableBeforeBootstrap")]
    [TestCase("board.get", TestName = "MCPBoardGetCapabilityUnavailableBeforeBootstrap")]
    public async Task Tools_are_unavailable_before_bootstrap_even_with_malformed_input(string tool)
    {
        using var client = _app.NewClient();
        (await Call(client, HttpMethod.Post, $"{{\"tool\":\"{tool}\",\"input\":\"garbage\"}}"))
            .AssertError(HttpStatusCode.Forbidden, "CAPABILITY_UNAVAILABLE", $"{tool} is unavailable before bootstrap", new { });
    }

    [Test]
    public async Task Envelope_errors_still_apply_before_bootstrap()
    {
        using var client = _app.NewClient();
        (await Call(client, HttpMethod.Post, "{\"tool\":\"x\"} junk")).AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
        (await Call(client, HttpMethod.Post, "{\"input\":{}}")).AssertValidation("missing tool", new { field = "tool" });
    }

    [Test]
    public async Task A_bearer_attempt_fails_before_bootstrap_too()
    {
        using var client = _app.NewClient();
        var response = await McpCall.SendAsync(client, HttpMethod.Get, "/mcp", null, "Bearer sb_x");
        response.AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Authentication required", new { });
    }

    private static Task<McpResponse> Call(TestClient client, HttpMethod method, string? body) => McpCall.SendAsync(client, method, "/mcp", body);
}

/// <summary>The per-tool gate in anonymous mode.</summary>
public sealed class AnonymousModeGateTests
{
    private PlatformApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new PlatformApp(mode: "anonymous");

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task MCPSystemGetCapabilities_AnonymousMode()
    {
        using var client = _app.NewClient();
        foreach (var response in new[]
        {
            await McpCall.SendAsync(client, HttpMethod.Get, "/mcp", null),
            await McpCall.SendAsync(client, HttpMethod.Post, "/mcp", "{\"tool\":\"system.getCapabilities\",\"input\":{}}"),
        })
        {
            var data = response.AssertOk();
            Assert.That(data.GetProperty("serverMode").GetString(), Is.EqualTo("anonymous"));
            Assert.That(data.GetProperty("auth").GetRawText(), Is.EqualTo(
                "{\"mode\":\"disabled\",\"authenticated\":false,\"authenticatedToolsUsable\":false,\"reason\":\"server mode anonymous disables authenticated MCP tools\"}"));
            Assert.That(data.GetProperty("bootstrapAvailable").GetBoolean(), Is.False);
            Assert.That(data.GetProperty("implementedTools").GetArrayLength(), Is.EqualTo(28));
        }
    }

    [Test]
    public async Task ToolsCall_ErrorMapping_CapabilityUnavailable()
    {
        using var client = _app.NewClient();
        var response = await McpCall.SendAsync(client, HttpMethod.Post, "/mcp/rpc",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"projects.list\"}}");

        var result = System.Text.Json.JsonDocument.Parse(response.Text).RootElement.GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("projects.list is unavailable in anonymous mode"));
    }

    [TestCase("projects.list", TestName = "MCPProjectsListCapabilityUnavailableInAnonymousMode")]
    [TestCase("todos.create", TestName = "MCPTodosCreateCapabilityUnavailableInAnonymousMode")]
    [TestCase("todos.get", TestName = "MCPTodosGetCapabilityUnavailableInAnonymousMode")]
    [TestCase("todos.search", TestName = "MCPTodosSearchCapabilityUnavailableInAnonymousMode")]
    [TestCase("todos.update", TestName = "MCPTodosUpdateCapabilityUnavailableInAnonymousMode")]
    [TestCase("todos.delete", TestName = "MCPTodosDeleteCapabilityUnavailableInAnonymousMode")]
    [TestCase("todos.move", TestName = "MCPTodosMoveCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.list", TestName = "MCPSprintsCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.get", TestName = "MCPSprintsGetCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.getActive", TestName = "MCPSprintsGetActiveCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.create", TestName = "MCPSprintsCreateCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.activate", TestName = "MCPSprintActionsCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.close", TestName = "MCPSprintsCloseCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.update", TestName = "MCPSprintsUpdateCapabilityUnavailableInAnonymousMode")]
    [TestCase("sprints.delete", TestName = "MCPSprintsDeleteCapabilityUnavailableInAnonymousMode")]
    [TestCase("tags.listProject", TestName = "MCPTagsListProjectCapabilityUnavailableInAnonymousMode")]
    [TestCase("tags.listMine", TestName = "MCPTagsCapabilityUnavailableInAnonymousMode")]
    [TestCase("tags.updateMineColor", TestName = "MCPTagsUpdateMineColorCapabilityUnavailableInAnonymousMode")]
    [TestCase("tags.deleteMine", TestName = "MCPTagsDeleteMineCapabilityUnavailableInAnonymousMode")]
    [TestCase("tags.updateProjectColor", TestName = "MCPTagsUpdateProjectColorCapabilityUnavailableInAnonymousMode")]
    [TestCase("tags.deleteProject", TestName = "MCPTagsDeleteProjectCapabilityUnavailableInAnonymousMode")]
    [TestCase("members.list", TestName = "MCPMembersListCapabilityUnavailableInAnonymousMode")]
    [TestCase("members.listAvailable", TestName = "MCPMembersListAvailableCapabilityUnavailableInAnonymousMode")]
    [TestCase("members.add", TestName = "MCPMembersAddCapabilityUnavailableInAnonymousMode")]
    [TestCase("members.updateRole", TestName = "MCPMembersUpdateRoleCapabilityUnavailableInAnonymousMode")]
    [TestCase("members.remove", TestName = "MCPMembersRemoveCapabilityUnavailableInAnonymousMode")]
    [TestCase("board.get", TestName = "MCPBoardGetCapabilityUnavailableInAnonymousMode")]
    public async Task Tools_are_capability_unavailable_in_anonymous_mode(string tool)
    {
        using var client = _app.NewClient();
        (await McpCall.SendAsync(client, HttpMethod.Post, "/mcp", $"{{\"tool\":\"{tool}\",\"input\":[\"malformed\"]}}"))
            .AssertError(HttpStatusCode.Forbidden, "CAPABILITY_UNAVAILABLE", $"{tool} is unavailable in anonymous mode", new { });
    }

    [Test]
    public async Task Anonymous_mode_ignores_authorization_headers()
    {
        using var client = _app.NewClient();
        (await McpCall.SendAsync(client, HttpMethod.Get, "/mcp", null, "Bearer sb_invalid")).AssertOk();
        (await McpCall.SendAsync(client, HttpMethod.Post, "/mcp", "{\"tool\":\"projects.list\"}", "Bearer sb_invalid"))
            .AssertError(HttpStatusCode.Forbidden, "CAPABILITY_UNAVAILABLE", "projects.list is unavailable in anonymous mode");
    }
}

internal static class McpCall
{
    public static async Task<McpResponse> SendAsync(TestClient client, HttpMethod method, string path, string? body, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.Http.SendAsync(request);
        return new McpResponse(response, await response.Content.ReadAsStringAsync());
    }
}
