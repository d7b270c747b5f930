using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Boards;
using Platform.IntegrationTests.OAuth;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>
/// One tool-call budget per user for every MCP endpoint (decisions 0212 and 0107): a user's calls on
/// /api/mcp and /api/boards/mcp (OAuth bearers), /mcp/rpc (an sb_ token) and /mcp (the session
/// cookie) count against the same limit, and once it is reached every endpoint answers 429 with
/// Retry-After in its own dialect; other users are unaffected and only tool calls count.
/// </summary>
public sealed class SharedToolCallBudgetTests
{
    private const int PerUser = 4;
    private const string PublicBase = "http://platform.test";
    private const string Redirect = "http://127.0.0.1:8765/callback";
    private const string Password = "password123";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // One hour: no window boundary (and its sliding estimate) falls inside the test.
        _app = new PlatformApp(backendUrl: PublicBase, settings: new Dictionary<string, string?>
        {
            ["Mcp:ToolCallLimits:PerUser"] = PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mcp:ToolCallLimits:Window"] = "01:00:00",
        });
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Calls_on_all_four_endpoints_share_one_budget_per_user()
    {
        var (session, mcpToken, boardsToken, sbToken) = await NewCallerAsync();
        using var signedIn = session;
        var (other, _, _, otherSbToken) = await NewCallerAsync();
        using var otherSignedIn = other;

        // One call on each endpoint: four calls, the whole budget.
        Assert.That((await CallApiMcpAsync(mcpToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await CallBoardsAsync(boardsToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rpc = await CallRpcAsync(sbToken);
        Assert.That(rpc.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await rpc.ReadJsonAsync()).GetProperty("result").TryGetProperty("isError", out _), Is.False);
        var envelope = await CallEnvelopeAsync(session);
        Assert.That(envelope.StatusCode, Is.EqualTo(HttpStatusCode.OK), await envelope.Content.ReadAsStringAsync());

        // tools/list is free, on /mcp/rpc as on /api/mcp.
        Assert.That((await PostAsync("/mcp/rpc", """{"jsonrpc":"2.0","id":9,"method":"tools/list"}""", sbToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The fifth call is refused wherever it is made.
        await AssertJsonRpcRefusedAsync(await CallApiMcpAsync(mcpToken));
        await AssertJsonRpcRefusedAsync(await CallBoardsAsync(boardsToken));
        await AssertJsonRpcRefusedAsync(await CallRpcAsync(sbToken));
        var refused = await CallEnvelopeAsync(session);
        var body = await refused.ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), body.ToString());
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(refused.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(body.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("RATE_LIMITED"));
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.StartWith("Too many tool calls: this user's limit of 4 calls per hour is reached; retry in "));
            Assert.That(body.GetProperty("error").GetProperty("details").GetProperty("scope").GetString(), Is.EqualTo("user"));
            Assert.That(body.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32(), Is.GreaterThan(0));
        });

        // Another user has a budget of their own.
        var otherCall = await CallRpcAsync(otherSbToken);
        Assert.That(otherCall.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(TestClient Session, string McpToken, string BoardsToken, string SbToken)> NewCallerAsync()
    {
        var email = $"budget-{Guid.NewGuid():N}@example.com";
        var (session, _) = await _app.CreateUserAsync(_owner, email, password: Password);
        var client = await _flow.RegisterPublicAsync(Redirect, name: "Budget");
        using var browser = _flow.NewBrowser();
        var mcpToken = await TokenAsync(browser, client, null, email);
        var boardsToken = await TokenAsync(browser, client, PublicBase + "/api/boards/mcp", email);
        var (_, sbToken) = await ApiTokenEnvelopeTests.NewTokenAsync(session, "budget");
        return (session, mcpToken, boardsToken, sbToken);
    }

    private async Task<string> TokenAsync(TestClient browser, RegisteredClient client, string? resource, string email)
    {
        var pkce = Pkce.New();
        var redirect = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, pkce, Redirect, resource: resource), (email, Password));
        var response = await _flow.ExchangeCodeAsync(client, OAuthFlow.QueryOf(redirect)["code"], pkce, Redirect);
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return json.GetProperty("access_token").GetString()!;
    }

    private static string ToolCall(string tool) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = tool, arguments = new { } } });

    private Task<HttpResponseMessage> CallApiMcpAsync(string token) => PostAsync("/api/mcp", ToolCall("list_organizations"), token);

    private Task<HttpResponseMessage> CallBoardsAsync(string token) => PostAsync("/api/boards/mcp", ToolCall("projects_list"), token);

    private Task<HttpResponseMessage> CallRpcAsync(string token) => PostAsync("/mcp/rpc", ToolCall("projects_list"), token);

    private static Task<HttpResponseMessage> CallEnvelopeAsync(TestClient session) =>
        session.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } }, csrf: false);

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string token)
    {
        using var client = _app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-06-18");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task AssertJsonRpcRefusedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), $"{response.RequestMessage?.RequestUri}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(1));
            Assert.That(json.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32000));
            Assert.That(json.GetProperty("error").GetProperty("data").GetProperty("scope").GetString(), Is.EqualTo("user"));
        });
    }
}
