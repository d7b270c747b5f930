using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// <c>POST /mcp/rpc</c>, the JSON-RPC binding of the envelope's catalog (envelope-dialect.md §12 and
/// its §13.2 tests), with tool names listed as every MCP client accepts them (decision 0105).
/// </summary>
public sealed partial class JsonRpcTests : BoardsFixture
{
    private static async Task<(HttpResponseMessage Response, string Text, JsonElement Json)> RpcAsync(TestClient client, string body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, "/mcp/rpc");
        if (method is null || method == HttpMethod.Post)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var response = await client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Call(object id, string tool, object? arguments = null) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method = "tools/call", @params = new { name = tool, arguments = arguments ?? new { } } });

    private static int ErrorCode(JsonElement json) => json.GetProperty("error").GetProperty("code").GetInt32();

    [Test]
    public async Task InitializeHandshake()
    {
        using var client = App.NewClient();
        var (response, _, json) = await RpcAsync(client, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05"}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(json.GetProperty("result").GetRawText(), Is.EqualTo(
            """{"protocolVersion":"2024-11-05","capabilities":{"tools":{}},"serverInfo":{"name":"scrumboy","version":"1.0.0"},"instructions":"Scrumboy MCP server. Use tools/list to discover available tools."}"""));
        Assert.That(json.TryGetProperty("error", out _), Is.False);
    }

    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"initialize"}""", TestName = "InitializeMinimalParams")]
    public async Task Initialize_without_params_is_fine(string body)
    {
        using var client = App.NewClient();
        var (_, _, json) = await RpcAsync(client, body);
        Assert.That(json.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString(), Is.EqualTo("scrumboy"));
    }

    [TestCase("notifications/initialized", TestName = "InitializedNotification")]
    [TestCase("initialized", TestName = "InitializedAltName")]
    public async Task The_initialized_notification_is_204_empty(string method)
    {
        using var client = App.NewClient();
        var (response, text, _) = await RpcAsync(client, $$"""{"jsonrpc":"2.0","method":"{{method}}"}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(text, Is.Empty);
    }

    [TestCase("""{"jsonrpc":"2.0","id":3,"method":"notifications/initialized"}""", -32600, TestName = "InitializedWithIDRejected")]
    [TestCase("""{"jsonrpc":"2.0","id":3,"method":"nope"}""", -32601, TestName = "UnknownMethodReturnsError")]
    [TestCase("""{bad json""", -32700, TestName = "InvalidJSONReturnsParseError")]
    [TestCase("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""", -32700, TestName = "BatchIsAParseError")]
    [TestCase("""{"id":1,"method":"tools/list"}""", -32600, TestName = "MissingVersionReturnsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1}""", -32600, TestName = "MissingMethodReturnsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"projects.list"}}""", -32600, TestName = "ToolsCall_WithoutID")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}""", -32602, TestName = "ToolsCall_MissingName")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call"}""", -32602, TestName = "ToolsCall_MissingParams")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[1]}""", -32602, TestName = "ToolsCall_InvalidParams")]
    public async Task Protocol_errors_are_http_200_json_rpc_errors(string body, int code)
    {
        using var client = App.NewClient();
        var (response, _, json) = await RpcAsync(client, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ErrorCode(json), Is.EqualTo(code));
        Assert.That(json.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"));
    }

    [Test]
    public async Task The_texts_of_the_protocol_errors_are_scrumboys()
    {
        using var client = App.NewClient();
        Assert.That((await RpcAsync(client, "{bad")).Json.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("invalid JSON"));
        Assert.That((await RpcAsync(client, """{"jsonrpc":"2.0","id":1}""")).Json.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("method is required"));
        Assert.That((await RpcAsync(client, """{"jsonrpc":"2.0","id":1,"method":"x"}""")).Json.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("method not found"));
        Assert.That((await RpcAsync(client, """{"jsonrpc":"2.0","id":1,"method":"tools/call"}""")).Json.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("missing params"));
        Assert.That((await RpcAsync(client, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}""")).Json.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("missing params.name"));
        Assert.That((await RpcAsync(client, "{bad")).Json.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task GetMethodRejected()
    {
        using var client = App.NewClient();
        var (response, _, json) = await RpcAsync(client, "", HttpMethod.Get);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ErrorCode(json), Is.EqualTo(-32600));
        Assert.That(json.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("only POST is accepted"));
    }

    [Test]
    public async Task LegacyEndpointStillWorks()
    {
        using var client = App.NewClient();
        var response = await SendAsync(client, HttpMethod.Get, "/mcp");
        Assert.That(response.AssertOk().GetProperty("implementedTools").GetArrayLength(), Is.EqualTo(28));
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolNamePattern();

    [Test]
    public async Task ToolsList_MatchesImplementedTools_with_names_every_client_accepts()
    {
        using var client = App.NewClient();
        var implemented = (await SendAsync(client, HttpMethod.Get, "/mcp")).AssertOk().GetProperty("implementedTools").EnumerateArray().Select(t => t.GetString()!).ToList();

        var (_, _, json) = await RpcAsync(client, """{"jsonrpc":"2.0","id":"list","method":"tools/list"}""");
        var tools = json.GetProperty("result").GetProperty("tools").EnumerateArray().ToList();

        Assert.That(tools.Select(t => t.GetProperty("name").GetString()), Is.EqualTo(implemented.Select(n => n.Replace('.', '_'))));
        foreach (var tool in tools)
        {
            var name = tool.GetProperty("name").GetString()!;
            Assert.That(ToolNamePattern().IsMatch(name), name);
            Assert.That(tool.GetProperty("description").GetString(), Is.Not.Empty, name);
            Assert.That(tool.GetProperty("inputSchema").GetProperty("type").GetString(), Is.EqualTo("object"), name);
            Assert.That(tool.GetProperty("inputSchema").GetProperty("additionalProperties").GetBoolean(), Is.False, name);
        }
    }

    [Test]
    public async Task ToolsList_TodosCreateSchema_and_TodosUpdateSchema()
    {
        using var client = App.NewClient();
        var (_, _, json) = await RpcAsync(client, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
        var tools = json.GetProperty("result").GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("inputSchema"));

        var create = tools["todos_create"];
        Assert.That(create.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "projectSlug", "title" }));
        Assert.That(create.GetProperty("properties").GetProperty("tags").GetProperty("type").GetString(), Is.EqualTo("array"));
        Assert.That(create.GetProperty("properties").GetProperty("position").GetProperty("additionalProperties").GetBoolean(), Is.False);

        var update = tools["todos_update"];
        Assert.That(update.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "projectSlug", "localId", "patch" }));
        var patch = update.GetProperty("properties").GetProperty("patch");
        Assert.That(patch.GetProperty("additionalProperties").GetBoolean(), Is.False);
        Assert.That(patch.GetProperty("properties").GetProperty("sprintId").GetProperty("type").EnumerateArray().Select(e => e.GetString()),
            Is.EquivalentTo(new[] { "integer", "null" }));
        Assert.That(tools["projects_list"].GetProperty("properties").EnumerateObject(), Is.Empty);
    }

    [TestCase("projects.list")]
    [TestCase("projects_list")]
    public async Task ToolsCall_HappyPath_takes_either_spelling(string name)
    {
        await NewProjectAsync(Owner, "RPC Project");

        var (_, _, json) = await RpcAsync(Owner, Call(42, name));

        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(42));
        var result = json.GetProperty("result");
        var content = result.GetProperty("content")[0];
        Assert.That(content.GetProperty("type").GetString(), Is.EqualTo("text"));
        Assert.That(content.TryGetProperty("json", out _), Is.False);
        Assert.That(JsonDocument.Parse(content.GetProperty("text").GetString()!).RootElement.GetRawText(),
            Is.EqualTo(result.GetProperty("structuredContent").GetRawText()));
        Assert.That(result.GetProperty("structuredContent").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()),
            Does.Contain("RPC Project"));
        Assert.That(json.TryGetProperty("ok", out _) || json.TryGetProperty("data", out _) || json.TryGetProperty("meta", out _), Is.False, "ToolsCall_NoLegacyLeakage");
    }

    [Test]
    public async Task ToolsCall_TodosCreate()
    {
        var slug = await NewProjectAsync();

        var (_, _, json) = await RpcAsync(Owner, Call("req-abc", "todos_create", new { projectSlug = slug, title = "From RPC" }));

        Assert.That(json.GetProperty("id").GetString(), Is.EqualTo("req-abc"));
        var todo = json.GetProperty("result").GetProperty("structuredContent").GetProperty("todo");
        Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("From RPC"));
        Assert.That(todo.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
    }

    [Test]
    public async Task ToolsCall_errors_are_is_error_results_with_the_envelopes_message()
    {
        var slug = await NewProjectAsync();
        using var anonymous = App.NewClient();

        Assert.Multiple(async () =>
        {
            Assert.That(await ToolErrorAsync(Owner, Call(1, "nope.tool")), Is.EqualTo("tool not found"), "ToolsCall_UnknownTool");
            Assert.That(await ToolErrorAsync(Owner, Call(1, "todos.create", new { projectSlug = slug })), Is.EqualTo("missing required field: title"),
                "ToolsCall_MissingRequiredArguments");
            Assert.That(await ToolErrorAsync(anonymous, Call(1, "projects.list")), Is.EqualTo("Sign-in required for this tool"), "ToolsCall_ErrorMapping_AuthRequired");
            Assert.That(await ToolErrorAsync(Owner, Call(1, "todos.get", new { projectSlug = slug, localId = 999 })), Is.EqualTo("not found"));
            Assert.That(await ToolErrorAsync(Owner, Call(1, "todos.create", new { projectSlug = slug, title = "x", columnKey = "nowhere" })),
                Is.EqualTo("validation: invalid columnKey"));
        });
    }

    [Test]
    public async Task A_failed_bearer_never_falls_back_to_the_cookie()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp/rpc") { Content = new StringContent(Call(1, "projects.list"), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sb_" + new string('A', 43));

        var response = await Owner.Http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(json.GetProperty("result").GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("authentication required"));
    }

    [Test]
    public async Task ToolsCall_DefaultsEmptyArguments_and_ResponsePreservesID()
    {
        foreach (var id in new object[] { 42, "req-abc", 0 })
        {
            var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method = "tools/call", @params = new { name = "projects.list" } });
            var (_, _, json) = await RpcAsync(Owner, body);
            Assert.That(json.GetProperty("id").GetRawText(), Is.EqualTo(JsonSerializer.Serialize(id)));
            Assert.That(json.GetProperty("result").TryGetProperty("isError", out _), Is.False);
        }
    }

    [Test]
    public async Task A_cookie_call_from_another_origin_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp/rpc") { Content = new StringContent(Call(1, "projects.list"), Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "http://evil.example");

        var response = await Owner.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static async Task<string> ToolErrorAsync(TestClient client, string body)
    {
        var (_, _, json) = await RpcAsync(client, body);
        var result = json.GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True, body);
        return result.GetProperty("content")[0].GetProperty("text").GetString()!;
    }
}
