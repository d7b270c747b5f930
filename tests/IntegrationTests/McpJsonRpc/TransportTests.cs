using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>Streamable HTTP rules of the stateless /api/mcp endpoint, over raw HTTP.</summary>
public sealed class TransportTests
{
    private const string AllowedBrowserOrigin = "http://localhost:6274";
    private const string MethodNotAllowedBody = """{"jsonrpc":"2.0","error":{"code":-32000,"message":"Method not allowed."},"id":null}""";

    private McpTestHost _host = null!;
    private string _token = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await McpTestHost.StartAsync(new Dictionary<string, string?> { ["MCP_ALLOWED_ORIGINS"] = AllowedBrowserOrigin });
        (_, _, _token) = await _host.MemberWithOrganizationAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private static async Task<JsonElement> AssertRpcErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.That(json.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"));
        Assert.That(json.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(code), text);
        return json;
    }

    [Test]
    public async Task Json_only_accept_gets_the_final_response_as_plain_json()
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, accept: "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(1));
        Assert.That(json.GetProperty("result").GetProperty("tools").GetArrayLength(), Is.EqualTo(5));
    }

    [TestCase("text/event-stream")]
    [TestCase("application/json, text/event-stream")]
    public async Task Event_stream_accept_gets_server_sent_events(string accept)
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, accept: accept);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("event: message").And.Contain("data: {"));
        Assert.That((await McpTestHost.ReadRpcAsync(response)).GetProperty("result").GetProperty("tools").GetArrayLength(), Is.EqualTo(5));
    }

    [TestCase("text/html")]
    [TestCase("")]
    public async Task An_accept_listing_neither_json_nor_event_stream_gets_406(string accept)
    {
        await AssertRpcErrorAsync(await _host.PostAsync(McpTestHost.ToolsList, _token, accept: accept), HttpStatusCode.NotAcceptable, -32000);
    }

    [TestCase("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")]
    [TestCase("""{"jsonrpc":"2.0","id":5,"result":{}}""")]
    [TestCase("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}""")]
    public async Task Notifications_and_responses_get_202_without_a_body(string body)
    {
        var response = await _host.PostAsync(body, _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task Get_and_delete_answer_405_with_allow_post_and_a_json_rpc_body()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put })
        {
            foreach (var token in new[] { null, _token })
            {
                var request = new HttpRequestMessage(method, "/api/mcp");
                if (token is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }

                var response = await _host.Http.SendAsync(request);

                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), $"{method} token={token is not null}");
                Assert.That(response.Content.Headers.Allow, Is.EquivalentTo(new[] { "POST" }));
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(MethodNotAllowedBody));
            }
        }
    }

    [TestCase("2025-06-18")]
    [TestCase("2025-11-25")]
    [TestCase("2025-03-26")]
    public async Task Known_protocol_versions_are_accepted(string version)
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, headers: new Dictionary<string, string> { ["MCP-Protocol-Version"] = version });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_missing_protocol_version_is_served_as_2025_03_26()
    {
        var initialize = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
            """;

        var response = await _host.PostAsync(initialize, _token);

        var json = await McpTestHost.ReadRpcAsync(response);
        Assert.That(json.GetProperty("result").GetProperty("protocolVersion").GetString(), Is.EqualTo("2025-03-26"));
        Assert.That(response.Headers.Contains("Mcp-Session-Id"), Is.False, "stateless: no session id");
    }

    [TestCase("1999-01-01")]
    [TestCase("latest")]
    public async Task An_unknown_protocol_version_gets_400(string version)
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, headers: new Dictionary<string, string> { ["MCP-Protocol-Version"] = version });

        var json = await AssertRpcErrorAsync(response, HttpStatusCode.BadRequest, -32022);
        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(1));
        Assert.That(json.GetProperty("error").GetProperty("data").GetProperty("supported").EnumerateArray().Select(v => v.GetString()),
            Does.Contain("2025-06-18").And.Contain("2025-11-25"));
    }

    [Test]
    public async Task A_session_id_gets_400()
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, headers: new Dictionary<string, string> { ["Mcp-Session-Id"] = "abc" });

        await AssertRpcErrorAsync(response, HttpStatusCode.BadRequest, -32000);
    }

    [Test]
    public async Task Per_request_metadata_revision_requires_matching_headers()
    {
        const string body = """
            {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """;
        var version = new Dictionary<string, string> { ["MCP-Protocol-Version"] = "2026-07-28" };

        await AssertRpcErrorAsync(await _host.PostAsync(body, _token, headers: version), HttpStatusCode.BadRequest, -32020);

        var ok = await _host.PostAsync(body, _token, headers: new Dictionary<string, string> { ["MCP-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = "tools/list" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());

        const string initialize = """
            {"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2026-07-28","capabilities":{},"clientInfo":{"name":"raw","version":"1"},
             "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """;
        await AssertRpcErrorAsync(
            await _host.PostAsync(initialize, _token, headers: new Dictionary<string, string> { ["MCP-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = "initialize" }),
            HttpStatusCode.NotFound, -32601);
    }

    [TestCase("{", -32700)]
    [TestCase("", -32700)]
    [TestCase("not json at all", -32700)]
    [TestCase("""{"foo":1}""", -32600)]
    [TestCase("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""", -32600)]
    [TestCase("null", -32600)]
    [TestCase("42", -32600)]
    [TestCase("""{"jsonrpc":"2.0","id":1}""", -32600)]
    public async Task Malformed_bodies_get_a_json_rpc_error_not_a_500(string body, int code)
    {
        var json = await AssertRpcErrorAsync(await _host.PostAsync(body, _token), HttpStatusCode.BadRequest, code);

        Assert.That(json.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task An_unknown_tool_or_method_is_a_json_rpc_error()
    {
        var unknownTool = await McpTestHost.ReadRpcAsync(await _host.PostAsync(McpTestHost.ToolCall("drop_database"), _token));
        var unknownMethod = await McpTestHost.ReadRpcAsync(await _host.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"nope/nope"}""", _token));

        Assert.That(unknownTool.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32602));
        Assert.That(unknownMethod.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32601));
    }

    [Test]
    public async Task Non_object_arguments_do_not_cause_a_500()
    {
        var response = await _host.PostAsync("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_task","arguments":"42"}}""", _token);

        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
        var json = await McpTestHost.ReadRpcAsync(response);
        Assert.That(json.TryGetProperty("error", out _) || json.GetProperty("result").GetProperty("isError").GetBoolean(), Is.True);
    }

    [Test]
    public async Task A_body_over_one_mebibyte_gets_413()
    {
        var body = McpTestHost.ToolCall("create_task", new { title = "big", description = new string('x', 1024 * 1024) });

        var response = await _host.PostAsync(body, _token);

        await AssertRpcErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, -32000);
    }

    [TestCase(1024 * 1024 + 100_000, false)]
    [TestCase(3 * 1024 * 1024, true)]
    public async Task An_oversize_body_is_answered_413_before_the_client_finishes_and_small_excess_keeps_the_connection(int length, bool closes)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_host.App.BaseAddress.Host, _host.App.BaseAddress.Port);
        string[] headers = ["Content-Type: application/json", "Accept: application/json", "Authorization: Bearer " + _token];

        var (status, head) = await RawHttp.SendAsync(tcp.GetStream(), "POST", "/api/mcp", length, headers);

        Assert.That(status, Is.EqualTo(413), head);
        Assert.That(head.Contains("Connection: close", StringComparison.OrdinalIgnoreCase), Is.EqualTo(closes), head);
        if (!closes)
        {
            var (next, nextHead) = await RawHttp.SendAsync(tcp.GetStream(), "GET", "/healthz", 0, []);
            Assert.That(next, Is.EqualTo(200), nextHead);
        }
    }

    [TestCase("""{"jsonrpc":"2.0","id":1,"id":2,"method":"tools/list"}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","name":"get_task","arguments":{}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_task","arguments":{"title":"a","title":"b"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_task","arguments":{"title":"a","description":{"x":{"y":1,"y":2}}}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"a","name":"b","version":"1"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"k":1,"\u006b":2}}}""")]
    public async Task Duplicate_member_names_at_any_depth_get_400_invalid_request(string body)
    {
        await AssertRpcErrorAsync(await _host.PostAsync(body, _token), HttpStatusCode.BadRequest, -32600);
    }

    [Test]
    public async Task Invalid_utf8_in_a_string_gets_400_parse_error()
    {
        var bytes = new List<byte>(System.Text.Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_"""));
        bytes.AddRange(new byte[] { 0xC3, 0x28, 0xFF });
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes("""tasks","arguments":{}}}"""));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp") { Content = new ByteArrayContent(bytes.ToArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);

        await AssertRpcErrorAsync(await _host.Http.SendAsync(request), HttpStatusCode.BadRequest, -32700);
    }

    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":false,"capabilities":{},"clientInfo":{"name":"a","version":"1"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":{},"version":"1"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":[],"clientInfo":{"name":"a","version":"1"}}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":42}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{},"_meta":[]}}""")]
    [TestCase("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{}}}""")]
    public async Task Wrong_types_inside_params_get_400_invalid_params(string body)
    {
        await AssertRpcErrorAsync(await _host.PostAsync(body, _token), HttpStatusCode.BadRequest, -32602);
    }

    [TestCase("/API/mcp")]
    [TestCase("/api/MCP/")]
    [TestCase("/%61pi/mcp")]
    public async Task Every_spelling_of_the_path_keeps_the_origin_rule_and_the_405(string path)
    {
        var foreign = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(McpTestHost.ToolsList, System.Text.Encoding.UTF8, "application/json") };
        foreign.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        foreign.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        Assert.That((await _host.Http.SendAsync(foreign)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var anonymous = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(McpTestHost.ToolsList, System.Text.Encoding.UTF8, "application/json") };
        Assert.That((await _host.Http.SendAsync(anonymous)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the MCP challenge, not the /api CSRF rule");

        var get = await _host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(await get.Content.ReadAsStringAsync(), Is.EqualTo(MethodNotAllowedBody));
    }

    [Test]
    public async Task A_non_json_content_type_gets_415()
    {
        await AssertRpcErrorAsync(await _host.PostAsync(McpTestHost.ToolsList, _token, contentType: "text/plain"), HttpStatusCode.UnsupportedMediaType, -32000);
    }

    [TestCase("http://evil.example")]
    [TestCase("http://localhost:3001.evil.example")]
    [TestCase("null")]
    public async Task A_foreign_browser_origin_gets_403(string origin)
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, headers: new Dictionary<string, string> { ["Origin"] = origin });

        await AssertRpcErrorAsync(response, HttpStatusCode.Forbidden, -32000);
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [TestCase("http://localhost:3001")]
    [TestCase(AllowedBrowserOrigin)]
    public async Task The_own_and_configured_origins_pass_with_cors_headers(string origin)
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, _token, headers: new Dictionary<string, string> { ["Origin"] = origin });
        var unauthorized = await _host.PostAsync(McpTestHost.ToolsList, headers: new Dictionary<string, string> { ["Origin"] = origin });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo(origin));
        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unauthorized.Headers.GetValues("Access-Control-Expose-Headers").Single(), Does.Contain("WWW-Authenticate"));
    }

    [Test]
    public async Task A_cors_preflight_is_answered_for_allowed_origins_only()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/mcp");
        preflight.Headers.Add("Origin", AllowedBrowserOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version");
        var response = await _host.Http.SendAsync(preflight);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo(AllowedBrowserOrigin));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("POST"));
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single();
        foreach (var header in new[] { "Authorization", "Content-Type", "MCP-Protocol-Version", "Mcp-Session-Id" })
        {
            Assert.That(allowed, Does.Contain(header));
        }

        Assert.That(response.Headers.GetValues("Access-Control-Expose-Headers").Single(), Does.Contain("WWW-Authenticate"));

        var foreign = new HttpRequestMessage(HttpMethod.Options, "/api/mcp");
        foreign.Headers.Add("Origin", "http://evil.example");
        foreign.Headers.Add("Access-Control-Request-Method", "POST");
        Assert.That((await _host.Http.SendAsync(foreign)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_trailing_slash_reaches_the_same_endpoint()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp/") { Content = new StringContent(McpTestHost.ToolsList, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);

        var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Concurrent_requests_are_independent()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            _host.PostAsync(McpTestHost.ToolCall("list_tasks", new { }, id: i), _token, accept: "application/json")));

        for (var i = 0; i < responses.Length; i++)
        {
            var json = JsonDocument.Parse(await responses[i].Content.ReadAsStringAsync()).RootElement;
            Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(i));
            var result = json.GetProperty("result");
            Assert.That(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.False, result.ToString());
            Assert.That(result.GetProperty("structuredContent").GetProperty("tasks").ValueKind, Is.EqualTo(JsonValueKind.Array));
        }
    }
}
