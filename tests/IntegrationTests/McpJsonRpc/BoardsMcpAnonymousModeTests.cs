using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.IntegrationTests.Support;
using Platform.Web.Mcp.OAuthJsonRpc;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// envelope-dialect.md §4.3 on /api/boards/mcp (decision 0106): in anonymous mode a valid token for the
/// board resource still reaches the tools, and each answers "&lt;tool&gt; is unavailable in anonymous
/// mode" as an isError result. (Before bootstrap no user exists, so no token can pass the bearer check.)
/// </summary>
public sealed class BoardsMcpAnonymousModeTests
{
    private McpTestHost _full = null!;
    private PlatformApp _anonymous = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _full = await McpTestHost.StartAsync();
        _anonymous = new PlatformApp(
            mode: "anonymous", settings: new Dictionary<string, string?> { ["BETTER_AUTH_URL"] = _full.Issuer.BaseUrl }, connectionString: _full.App.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _anonymous.Dispose();
        await _full.DisposeAsync();
    }

    [TestCase("todos_create", "todos.create", true)]
    [TestCase("board.get", "board.get", true)]
    [TestCase("projects_list", "projects.list", true)]
    [TestCase("todos_create", "todos.create", false)]
    [TestCase("todos.delete", "todos.delete", false)]
    public async Task Board_tools_are_unavailable_in_anonymous_mode_as_isError_results(string called, string named, bool direct)
    {
        // direct: the measured tools/call path (decision 0204); otherwise the SDK's, which finds a dotted name too.
        _anonymous.Services.GetRequiredService<McpDirectToolCallFilter>().Enabled = direct;
        var userId = await _full.CreateUserAsync();
        var claims = _full.Issuer.Claims(userId, "projects:read projects:write");
        claims["aud"] = TestIssuer.BackendUrl + "/api/boards/mcp";
        var token = _full.Issuer.Sign(claims);

        using var client = _anonymous.NewClient();
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 7, method = "tools/call", @params = new { name = called, arguments = new { projectSlug = "x", title = "t" } } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/boards/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var result = (await McpTestHost.ReadRpcAsync(response)).GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo($"{named} is unavailable in anonymous mode"));
    }
}
