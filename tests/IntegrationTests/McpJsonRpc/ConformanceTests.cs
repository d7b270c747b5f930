using System.Net;
using System.Text;
using System.Text.Json;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// What the 2026-07-28 conformance run (build/conformance.sh) found, over raw HTTP: loopback spellings
/// of a loopback server's own origin and host, the layout of the unsupported-version error, the
/// undeclared-capability error of the task methods and the removed <c>initialize</c>; earlier
/// revisions unchanged.
/// </summary>
public sealed class ConformanceTests
{
    private const string Revision = "2026-07-28";
    private const string Meta = """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}""";

    private McpTestHost _host = null!;
    private string _token = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // BACKEND_URL is the default http://localhost:3001 (a loopback server); Kestrel listens on another port.
        _host = await McpTestHost.StartAsync();
        (_, _, _token) = await _host.MemberWithOrganizationAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private int Port => _host.App.BaseAddress.Port;

    private Task<HttpResponseMessage> SendAsync(string body, string? host = null, string? origin = null, string? version = null, string? method = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
        }

        if (method is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Method", method);
        }

        return _host.Http.SendAsync(request);
    }

    private static async Task<JsonElement> AssertRpcErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.That(json.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(code), text);
        return json;
    }

    private static string Request(string method, string extraParams = "", int id = 1) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + extraParams + "\"_meta\":" + Meta + "}}";

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    [TestCase("[::1]")]
    public async Task Every_loopback_spelling_of_the_server_is_its_own_origin_and_host(string name)
    {
        foreach (var authority in new[] { $"{name}:{Port}", $"{name}:3001" })
        {
            var response = await SendAsync(McpTestHost.ToolsList, host: authority, origin: $"http://{authority}");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{authority}: {await response.Content.ReadAsStringAsync()}");
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo($"http://{authority}"));
        }
    }

    [TestCase("http://localhost:1")]
    [TestCase("http://127.0.0.1:1")]
    [TestCase("https://localhost:3001")]
    [TestCase("http://127.0.0.2:3001")]
    [TestCase("http://evil.example")]
    public async Task Other_origins_stay_refused_even_with_a_loopback_host(string origin)
    {
        var response = await SendAsync(McpTestHost.ToolsList, host: $"localhost:{Port}", origin: origin);

        var json = await AssertRpcErrorAsync(response, HttpStatusCode.Forbidden, -32000);
        Assert.That(json.GetProperty("error").GetProperty("message").GetString(), Does.Contain("Origin"));
    }

    [TestCase(null)]
    [TestCase("http://localhost:3001")]
    public async Task A_foreign_host_is_refused_by_a_loopback_server(string? origin)
    {
        var rebound = await SendAsync(McpTestHost.ToolsList, host: "evil.example:3001", origin: origin);
        var anonymous = await _host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/mcp")
        {
            Content = new StringContent(McpTestHost.ToolsList, Encoding.UTF8, "application/json"),
            Headers = { Host = "evil.example" },
        });

        var json = await AssertRpcErrorAsync(rebound, HttpStatusCode.Forbidden, -32000);
        Assert.That(json.GetProperty("error").GetProperty("message").GetString(), Does.Contain("Host"));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "decided before authentication");
    }

    [Test]
    public async Task A_per_request_unsupported_version_lists_what_discover_reports()
    {
        var discover = await McpTestHost.ReadRpcAsync(await SendAsync(Request("server/discover"), version: Revision, method: "server/discover"));
        var advertised = discover.GetProperty("result").GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ToArray();

        var body = Request("server/discover", id: 7).Replace("\"2026-07-28\"", "\"v999.0.0\"", StringComparison.Ordinal);
        var response = await SendAsync(body, version: "v999.0.0", method: "server/discover");

        var json = await AssertRpcErrorAsync(response, HttpStatusCode.BadRequest, -32022);
        var data = json.GetProperty("error").GetProperty("data");
        Assert.That(data.GetProperty("supported").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(advertised));
        Assert.That(advertised, Does.Contain(Revision));
        Assert.That(data.GetProperty("requested").GetString(), Is.EqualTo("v999.0.0"));
        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(7));
    }

    [TestCase("tasks/get", "\"taskId\":\"t1\",")]
    [TestCase("tasks/update", "\"taskId\":\"t1\",\"inputResponses\":{},")]
    [TestCase("tasks/cancel", "\"taskId\":\"t1\",")]
    public async Task Task_methods_without_the_tasks_extension_get_the_undeclared_capability_error(string method, string parameters)
    {
        var response = await SendAsync(Request(method, parameters), version: Revision, method: method);

        var json = await AssertRpcErrorAsync(response, HttpStatusCode.BadRequest, -32021);
        var required = json.GetProperty("error").GetProperty("data").GetProperty("requiredCapabilities");
        Assert.That(required.GetProperty("extensions").GetProperty("io.modelcontextprotocol/tasks").ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Task_methods_stay_unknown_to_a_client_that_declared_tasks_and_to_earlier_revisions()
    {
        var declared = Request("tasks/get", "\"taskId\":\"t1\",").Replace(
            "\"io.modelcontextprotocol/clientCapabilities\":{}", "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}",
            StringComparison.Ordinal);
        var unknown = await McpTestHost.ReadRpcAsync(await SendAsync(declared, version: Revision, method: "tasks/get"));
        Assert.That(unknown.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32601), "the server offers no tasks");

        var legacy = await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"tasks/get","params":{"taskId":"t1"}}""", version: "2025-11-25");
        var json = await McpTestHost.ReadRpcAsync(legacy);
        Assert.That(json.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32601));
    }

    [Test]
    public async Task Initialize_is_a_removed_method_on_2026_07_28_whatever_its_params()
    {
        await AssertRpcErrorAsync(await SendAsync(Request("initialize"), version: Revision, method: "initialize"), HttpStatusCode.NotFound, -32601);

        var legacy = await McpTestHost.ReadRpcAsync(await SendAsync(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            version: "2025-11-25"));
        Assert.That(legacy.GetProperty("result").GetProperty("protocolVersion").GetString(), Is.EqualTo("2025-11-25"));
    }
}
