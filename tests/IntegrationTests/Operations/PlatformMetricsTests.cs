using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.IntegrationTests.OAuth;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Operations;

/// <summary>
/// Platform's own metrics (meter "Platform", decision 0007) read through an in-process MeterListener
/// after real calls over HTTP: each test counts exactly what its own calls caused.
/// </summary>
public sealed class PlatformMetricsTests
{
    private const string PublicBase = "http://platform.test";
    private const string Redirect = "http://127.0.0.1:8765/callback";
    private const string Email = "owner@example.com";
    private const string Password = "password123";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PlatformApp(backendUrl: PublicBase);
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync(Email, Password);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task The_oauth_flow_counts_registration_authorization_token_grants_grace_hits_and_reuse()
    {
        using var metrics = new MetricRecorder(_app);
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var r1 = await RefreshTokenOfAsync(await _flow.ExchangeCodeAsync(client, code, pkce, Redirect));

        var r2 = await RefreshTokenOfAsync(await _flow.RefreshAsync(client, r1));
        Assert.That(await RefreshTokenOfAsync(await _flow.RefreshAsync(client, r1)), Is.EqualTo(r2), "within the grace: the same successor");
        var r3 = await RefreshTokenOfAsync(await _flow.RefreshAsync(client, r2));
        Assert.That(r3, Is.Not.EqualTo(r2));
        var replay = await _flow.RefreshAsync(client, r1); // its successor is spent now: a replay
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var replayedCode = await _flow.ExchangeCodeAsync(client, code, pkce, Redirect);
        Assert.That(replayedCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var unknownGrant = await _flow.PostFormAsync("/auth/token", [new("grant_type", "password"), new("client_id", client.ClientId)]);
        Assert.That(unknownGrant.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("platform.oauth.registrations", ("kind", "dynamic")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.oauth.authorizations"), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.oauth.token.requests", ("grant_type", "authorization_code"), ("outcome", "issued")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.oauth.token.requests", ("grant_type", "authorization_code"), ("outcome", "invalid_grant")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.oauth.token.requests", ("grant_type", "refresh_token"), ("outcome", "issued")), Is.EqualTo(3));
            Assert.That(metrics.Sum("platform.oauth.token.requests", ("grant_type", "refresh_token"), ("outcome", "invalid_grant")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.oauth.token.requests", ("grant_type", "other")), Is.EqualTo(1), "a grant type nobody knows is 'other', never its text");
            Assert.That(metrics.Sum("platform.oauth.refresh.grace_hits"), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.oauth.refresh.reuse_detected"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Failed_sign_ins_count_and_the_address_limit_counts_its_rejections()
    {
        using var metrics = new MetricRecorder(_app);
        using var browser = _flow.NewBrowser(); // its own client address
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 10; i++)
        {
            var failed = await browser.PostJsonAsync("/api/auth/login", new { email, password = "wrong-" + i });
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var refused = await browser.PostJsonAsync("/api/auth/login", new { email = Email, password = Password });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("platform.auth.login.failures"), Is.EqualTo(10));
            Assert.That(metrics.Sum("platform.rate_limit.rejections", ("limiter", "login.failures.ip")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Tool_calls_count_by_dialect_tool_and_outcome_with_their_durations()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read");
        var token = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("access_token").GetString()!;
        var project = await _owner.PostJsonAsync("/api/projects", new { name = "Metrics " + Guid.NewGuid().ToString("N")[..6] });
        Assert.That(project.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var metrics = new MetricRecorder(_app);

        // /api/mcp through the official SDK client: one answered call, one the caller got wrong.
        await using (var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_app.BaseAddress, "/api/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        })))
        {
            var ok = await mcp.CallToolAsync("list_tasks", new Dictionary<string, object?>());
            Assert.That(ok.IsError, Is.Not.True);
            var wrong = await mcp.CallToolAsync("list_tasks", new Dictionary<string, object?> { ["status"] = "bogus" });
            Assert.That(wrong.IsError, Is.True);
        }

        // A tool whose scope (tasks:write) the token lacks: refused before it runs.
        using (var raw = _app.NewClient())
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/mcp")
            {
                Content = new StringContent(
                    JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 7, method = "tools/call", @params = new { name = "create_task", arguments = new { organizationId = 1, title = "x" } } }),
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.That((await raw.Http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        // The envelope with the owner's cookie, and without any credential.
        Assert.That((await _owner.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var anonymous = _app.NewClient())
        {
            Assert.That((await anonymous.PostJsonAsync("/mcp", new { tool = "projects.list", input = new { } })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        // /mcp/rpc with the cookie.
        var rpc = await _owner.PostJsonAsync("/mcp/rpc", new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = "projects_list", arguments = new { } } });
        Assert.That(rpc.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rpc.Content.ReadAsStringAsync());
        var incomplete = await _owner.PostJsonAsync("/mcp/rpc", new { jsonrpc = "2.0", id = 2, method = "tools/call", @params = new { name = "board_get", arguments = new { } } });
        Assert.That(await incomplete.Content.ReadAsStringAsync(), Does.Contain("missing required field: projectSlug"));
        var unknown = await _owner.PostJsonAsync("/mcp/rpc", new { jsonrpc = "2.0", id = 3, method = "tools/call", @params = new { name = "no_such_tool", arguments = new { } } });
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("tool not found"));

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "api-mcp"), ("tool", "list_tasks"), ("outcome", "ok")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "api-mcp"), ("tool", "list_tasks"), ("outcome", "user_error")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "api-mcp"), ("tool", "create_task"), ("outcome", "denied")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "envelope"), ("tool", "projects.list"), ("outcome", "ok")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "envelope"), ("tool", "projects.list"), ("outcome", "denied")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "mcp-rpc"), ("tool", "projects.list"), ("outcome", "ok")), Is.EqualTo(1));
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "mcp-rpc"), ("tool", "board.get"), ("outcome", "user_error")), Is.EqualTo(1),
                "a known tool called without a required argument");
            Assert.That(metrics.Sum("platform.mcp.tool.calls", ("outcome", "internal")), Is.Zero);

            var durations = metrics.Matching("platform.mcp.tool.duration").ToList();
            Assert.That(durations, Has.Count.EqualTo(7), "one duration per counted call; an unknown tool has no name to count under");
            Assert.That(durations.Where(d => d.Tags["outcome"] == "ok").Select(d => d.Value), Is.All.GreaterThan(0).And.All.LessThan(30));
        });
    }

    [Test]
    public async Task A_board_tool_call_counts_as_boards_mcp()
    {
        const string resource = "/api/boards/mcp";
        var client = await _flow.RegisterPublicAsync(Redirect);
        using var browser = _flow.NewBrowser();
        var pkce = Pkce.New();
        var redirect = await _flow.AuthorizeAsync(
            browser, OAuthFlow.AuthorizePath(client, pkce, Redirect, resource: PublicBase + resource), (Email, Password));
        var token = (await (await _flow.ExchangeCodeAsync(client, OAuthFlow.QueryOf(redirect)["code"], pkce, Redirect)).ReadJsonAsync())
            .GetProperty("access_token").GetString()!;

        using var metrics = new MetricRecorder(_app);
        await using (var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_app.BaseAddress, resource),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        })))
        {
            var result = await mcp.CallToolAsync("projects_list", new Dictionary<string, object?>());
            Assert.That(result.IsError, Is.Not.True, string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
        }

        Assert.That(metrics.Sum("platform.mcp.tool.calls", ("dialect", "boards-mcp"), ("tool", "projects.list"), ("outcome", "ok")), Is.EqualTo(1));
    }

    private static async Task<string> RefreshTokenOfAsync(HttpResponseMessage response)
    {
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return json.GetProperty("refresh_token").GetString()!;
    }
}
