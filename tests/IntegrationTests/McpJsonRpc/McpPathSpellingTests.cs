using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// The rules tied to the JSON-RPC paths hold for every spelling that routes there (routing ignores
/// letter case and Kestrel decodes percent-escapes): /api/boards/mcp keeps its own bearer challenge
/// and Origin gate and is never taken for a REST /api path; /mcp/rpc keeps the cross-origin rule for
/// cookie calls (decision 0500).
/// </summary>
public sealed class McpPathSpellingTests
{
    private const string PublicBase = "http://platform.test";
    private const string BoardsMetadata = PublicBase + "/.well-known/oauth-protected-resource/api/boards/mcp";
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"spelling","version":"1"}}}""";
    private PlatformApp _app = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new PlatformApp(backendUrl: PublicBase);
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [TestCase("/API/BOARDS/MCP")]
    [TestCase("/api/Boards/Mcp")]
    [TestCase("/Api/boards/mcp/")]
    public async Task Every_letter_case_of_the_board_endpoint_challenges_for_its_own_resource(string path)
    {
        using var client = _app.NewClient();
        using var request = JsonRpcPost(path);

        var response = await client.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain($"resource_metadata=\"{BoardsMetadata}\""));
    }

    [TestCase("/api/boards/%6Dcp")]
    [TestCase("/%61pi/boards/mcp")]
    [TestCase("/api/%42oards/MCP")]
    public async Task A_percent_encoded_spelling_of_the_board_endpoint_challenges_for_its_own_resource(string path)
    {
        var (status, head) = await RawAsync(path, ["Content-Type: application/json", "Accept: application/json, text/event-stream"]);

        Assert.That(status, Is.EqualTo(401), head);
        Assert.That(head, Does.Contain(BoardsMetadata));
        Assert.That(head, Does.Not.Contain("\"FORBIDDEN\""));
    }

    [TestCase("/API/boards/mcp")]
    [TestCase("/api/boards/%6Dcp")]
    public async Task A_foreign_origin_is_refused_on_every_spelling_of_the_board_endpoint(string path)
    {
        var (status, head) = await RawAsync(path, ["Content-Type: application/json", "Accept: application/json, text/event-stream", "Origin: http://evil.example"]);

        Assert.That(status, Is.EqualTo(403), head);
    }

    [TestCase("/MCP/RPC")]
    [TestCase("/Mcp/Rpc")]
    [TestCase("/mcp/RPC")]
    public async Task Other_letter_cases_of_mcp_rpc_do_not_route_there(string path)
    {
        // Scrumboy's paths are case-sensitive (its router is); another case is not /mcp/rpc at all.
        var before = await ProjectCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(CreateProject("Other case"), Encoding.UTF8, "application/json"),
        };

        var response = await _owner.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
        Assert.That(await ProjectCountAsync(), Is.EqualTo(before));
    }

    [TestCase("/mcp/%72pc")]
    [TestCase("/%6Dcp/rpc")]
    [TestCase("/mcp%2Frpc")]
    public async Task A_cross_origin_cookie_call_on_a_percent_encoded_mcp_rpc_is_refused(string path)
    {
        var before = await ProjectCountAsync();

        var (status, head) = await RawAsync(path, ["Content-Type: text/plain", "Origin: http://evil.example", "Cookie: scrumboy_session=" + _owner.SessionCookie]);

        Assert.That(status, Is.AnyOf(403, 404), head);
        Assert.That(await ProjectCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_percent_encoded_mcp_rpc_is_mcp_rpc_with_its_cross_origin_rule()
    {
        var (status, head) = await RawAsync("/mcp/%72pc", ["Content-Type: text/plain", "Origin: http://evil.example", "Cookie: scrumboy_session=" + _owner.SessionCookie]);
        var (sameOrigin, sameHead) = await RawAsync("/mcp/%72pc", ["Content-Type: application/json", "Cookie: scrumboy_session=" + _owner.SessionCookie]);

        Assert.That(status, Is.EqualTo(403), head);
        // Same origin, the (blank) body reaches the JSON-RPC parser: HTTP 200 with a parse error, as §12 says.
        Assert.That(sameOrigin, Is.EqualTo(200), sameHead);
    }

    private static HttpRequestMessage JsonRpcPost(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    private static string CreateProject(string name) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 7, method = "tools/call", @params = new { name = "projects_create", arguments = new { name } } });

    private async Task<int> ProjectCountAsync()
    {
        var json = await (await _owner.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).ReadJsonAsync();
        return json.GetProperty("data").GetProperty("items").GetArrayLength();
    }

    private async Task<(int Status, string Head)> RawAsync(string path, IEnumerable<string> headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_app.BaseAddress.Host, _app.BaseAddress.Port);
        return await RawHttp.SendAsync(tcp.GetStream(), "POST", path, 0, headers);
    }
}
