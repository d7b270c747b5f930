using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Platform.Web.Mcp.OAuthJsonRpc;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// Plain tools/call requests are answered by McpDirectToolCallFilter instead of the SDK's per-request server.
/// Every response here is produced twice, once each way, on the same data, and must be the same: status,
/// content type, SSE framing, and the same JSON (parsed and compared node by node), for every protocol
/// revision and kind of result. Only the escaping differs: the direct path escapes what JSON requires
/// (a quote as \", not \u0022; non-ASCII as UTF-8), so its bodies are never larger (decision 0204).
/// </summary>
public sealed class DirectToolCallTests
{
    private static readonly string?[] Versions = [null, "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", PerRequest];
    private const string PerRequest = "2026-07-28";
    private static readonly string[] Accepts = ["application/json", "application/json, text/event-stream"];

    private McpTestHost _host = null!;
    private McpDirectToolCallFilter _direct = null!;
    private string _token = null!;
    private int _organizationId;
    private int _taskId;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await McpTestHost.StartAsync();
        _direct = _host.App.Services.GetRequiredService<McpDirectToolCallFilter>();
        (_, _organizationId, _token) = await _host.MemberWithOrganizationAsync();

        // Text that every JSON encoder treats differently: quotes, HTML-sensitive characters, non-ASCII,
        // astral characters, line and paragraph separators, control characters; odd JSON numbers.
        _taskId = await CreateTaskAsync("Quote \" <b>&amp;</b> 'x'+1 \\ é ü 漢字 😀 \u2028\u2029 \t tab",
            """{"text":"<script>alert('x')</script> & \"q\" é 😀","n":1.50,"big":123456789012345678901234567890,"e":1E+2,"list":[true,null,{"k":"v"}]}""",
            assignee: "Zoë <ops@example.com>");
        await CreateTaskAsync("Second", "\"just a string\"", status: "DONE");
        await CreateTaskAsync("Third", null);
        var child = await _host.PostAsync(McpTestHost.ToolCall("update_task", new { taskId = _taskId, status = "IN_PROGRESS" }), _token);
        Assert.That(child.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _direct.Enabled = true;
        await _host.DisposeAsync();
    }

    private async Task<int> CreateTaskAsync(string title, string? descriptionJson, string? status = null, string? assignee = null)
    {
        var arguments = new JsonObject { ["title"] = title, ["organizationId"] = _organizationId };
        if (descriptionJson is not null)
        {
            arguments["description"] = JsonNode.Parse(descriptionJson);
        }

        if (status is not null)
        {
            arguments["status"] = status;
        }

        if (assignee is not null)
        {
            arguments["assignee"] = assignee;
        }

        var response = await _host.PostAsync(Call("create_task", arguments), _token, accept: "application/json");
        var json = await McpTestHost.ReadRpcAsync(response);
        Assert.That(json.GetProperty("result").TryGetProperty("isError", out _), Is.False, json.ToString());
        return json.GetProperty("result").GetProperty("structuredContent").GetProperty("id").GetInt32();
    }

    private static string Call(string tool, JsonNode? arguments, string id = "7", JsonObject? meta = null)
    {
        var parameters = new JsonObject { ["name"] = tool };
        if (arguments is not null)
        {
            parameters["arguments"] = arguments;
        }

        if (meta is not null)
        {
            parameters["_meta"] = meta;
        }

        return $$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/call","params":{{parameters.ToJsonString()}}}""";
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(bool direct, string body, string accept, string? version)
    {
        _direct.Enabled = direct;
        try
        {
            var headers = version is null ? null : new Dictionary<string, string> { ["MCP-Protocol-Version"] = version };
            if (version == PerRequest)
            {
                // The newest clients' request: per-request _meta and the Mcp-Method/Mcp-Name headers.
                var message = JsonNode.Parse(body)!.AsObject();
                var parameters = message["params"]!.AsObject();
                var meta = parameters["_meta"] as JsonObject ?? [];
                meta["io.modelcontextprotocol/protocolVersion"] = PerRequest;
                meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject();
                meta["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "test", ["version"] = "1.0" };
                parameters["_meta"] = meta;
                body = message.ToJsonString();
                headers!["Mcp-Method"] = "tools/call";
                headers["Mcp-Name"] = parameters["name"]!.GetValue<string>();
            }

            using var response = await _host.PostAsync(body, _token, accept: accept, headers: headers);
            return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
        }
        finally
        {
            _direct.Enabled = true;
        }
    }

    private async Task AssertSameAnswerAsync(string body)
    {
        foreach (var version in Versions)
        {
            foreach (var accept in Accepts)
            {
                var viaSdk = await SendAsync(direct: false, body, accept, version);
                var direct = await SendAsync(direct: true, body, accept, version);
                var context = $"version {version ?? "(none)"}, Accept {accept}";
                Assert.That(direct.Status, Is.EqualTo(HttpStatusCode.OK), direct.Body);
                Assert.That((direct.Status, direct.ContentType), Is.EqualTo((viaSdk.Status, viaSdk.ContentType)), context);
                Assert.That(Canonical(direct.Body), Is.EqualTo(Canonical(viaSdk.Body)), context);
                Assert.That(System.Text.Encoding.UTF8.GetByteCount(direct.Body), Is.LessThanOrEqualTo(System.Text.Encoding.UTF8.GetByteCount(viaSdk.Body)), context);
            }
        }
    }

    /// <summary>The SSE framing as sent and the JSON-RPC message re-written with one encoder: equal for equal JSON.</summary>
    private static string Canonical(string body)
    {
        var framed = body.StartsWith("event: ", StringComparison.Ordinal);
        var json = framed ? body.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..] : body;
        var frame = framed ? body.Replace(json, "#", StringComparison.Ordinal) : "";
        var canonical = JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return frame + canonical;
    }

    public static IEnumerable<TestCaseData> ReadCalls()
    {
        yield return new TestCaseData("list_tasks", "{}", "7").SetName("list_tasks, all");
        yield return new TestCaseData("list_tasks", """{"status":"DONE"}""", "\"req-1\"").SetName("list_tasks, by status, string id");
        yield return new TestCaseData("list_tasks", """{"organizationId":999999}""", "8").SetName("list_tasks, foreign organization (isError)");
        yield return new TestCaseData("list_tasks", """{"status":"NOPE"}""", "9").SetName("list_tasks, invalid status (isError)");
        yield return new TestCaseData("list_tasks", null, "10").SetName("list_tasks, no arguments");
        yield return new TestCaseData("list_organizations", "{}", "11").SetName("list_organizations");
        yield return new TestCaseData("get_task", "{\"taskId\":999999}", "12").SetName("get_task, missing (isError)");
        yield return new TestCaseData("get_task", "{\"taskId\":\"1\"}", "13").SetName("get_task, wrong type (isError)");
        yield return new TestCaseData("create_task", "{\"title\":\"\"}", "14").SetName("create_task, empty title (isError)");
        yield return new TestCaseData("update_task", "{\"taskId\":999999,\"title\":\"x\"}", "15").SetName("update_task, missing (isError)");
    }

    [TestCaseSource(nameof(ReadCalls))]
    public async Task A_plain_call_is_answered_exactly_as_the_sdk_pipeline_answers_it(string tool, string? arguments, string id)
    {
        await AssertSameAnswerAsync(Call(tool, arguments is null ? null : JsonNode.Parse(arguments), id));
    }

    [Test]
    public async Task Get_task_with_hostile_text_is_answered_exactly_as_the_sdk_pipeline_answers_it()
    {
        await AssertSameAnswerAsync(Call("get_task", new JsonObject { ["taskId"] = _taskId }));
    }

    [Test]
    public async Task A_call_with_a_progress_token_is_answered_exactly_as_the_sdk_pipeline_answers_it()
    {
        await AssertSameAnswerAsync(Call("list_tasks", new JsonObject(), meta: new JsonObject { ["progressToken"] = "p-1", ["vendor/x"] = 1 }));
    }

    [Test]
    public async Task Writes_give_the_same_answer_apart_from_the_new_ids_and_times()
    {
        foreach (var accept in Accepts)
        {
            var body = Call("create_task", new JsonObject { ["title"] = "Made twice é <>", ["organizationId"] = _organizationId, ["description"] = new JsonObject { ["a"] = 1 } });
            var viaSdk = await SendAsync(direct: false, body, accept, "2025-06-18");
            var direct = await SendAsync(direct: true, body, accept, "2025-06-18");
            Assert.That((direct.Status, direct.ContentType), Is.EqualTo((viaSdk.Status, viaSdk.ContentType)));
            Assert.That(Normalize(Canonical(direct.Body)), Is.EqualTo(Normalize(Canonical(viaSdk.Body))));
        }

        static string Normalize(string body) => System.Text.RegularExpressions.Regex.Replace(
            body, @"(\\""id\\"": |\\""createdAt\\"": \\""|""id"":|""createdAt"":"")[0-9TZ:.\-]+", "$1#");
    }

    public static IEnumerable<TestCaseData> Requests()
    {
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{}}}""", true)
            .SetName("plain call: direct");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks"}}""", true)
            .SetName("no arguments: direct");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{},"_meta":{"progressToken":1}}}""", true)
            .SetName("progress token: direct");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{},"task":{"ttl":1000}}}""", false)
            .SetName("task-augmented call: SDK");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""", false)
            .SetName("reserved per-request metadata: SDK");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{},"_meta":null}}""", false)
            .SetName("_meta not an object: SDK");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""", false)
            .SetName("unknown tool: SDK");
        yield return new TestCaseData("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", false)
            .SetName("tools/list: SDK");
    }

    [TestCaseSource(nameof(Requests))]
    public void Only_plain_calls_of_known_tools_skip_the_sdk_pipeline(string body, bool direct)
    {
        var request = (JsonRpcRequest)JsonSerializer.Deserialize(body, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)))!;

        Assert.That(_direct.Target(request, "2025-06-18", new Microsoft.AspNetCore.Http.HeaderDictionary()) is not null, Is.EqualTo(direct));
    }

    [Test]
    public async Task Requests_that_skip_it_are_still_answered_by_the_sdk()
    {
        var unknown = await McpTestHost.ReadRpcAsync(await _host.PostAsync(
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""", _token));
        Assert.That(unknown.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32602));

        var extra = await McpTestHost.ReadRpcAsync(await _host.PostAsync(
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_tasks","arguments":{},"vendorExtension":true}}""", _token));
        Assert.That(extra.GetProperty("result").GetProperty("structuredContent").GetProperty("tasks").GetArrayLength(), Is.EqualTo(3));
    }
}
