using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The official SDK clients on a server whose access tokens live 3 seconds
/// (<c>OAuth:AccessTokenLifetime=00:00:03</c>): the TypeScript and the C# client keep calling tools
/// across several expiries without a second sign-in, and the TypeScript client whose registration an
/// admin deleted registers again, is authorized again and carries on (issue 14, items 3 and 6).
/// </summary>
public sealed class SdkTokenExpiryTests
{
    private const string Redirect = "http://127.0.0.1:47124/callback";
    private const int AccessTokenSeconds = 3;
    private const string OwnerEmail = "owner@example.com";
    private const string OwnerPassword = "password123";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;
    private string _base = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var port = NodeScripts.FreePort();
        _base = $"http://127.0.0.1:{port}";
        _app = new PlatformApp(backendUrl: _base, port: port, settings: new Dictionary<string, string?>
        {
            ["OAuth:AccessTokenLifetime"] = $"00:00:0{AccessTokenSeconds}",
        });
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync(OwnerEmail, OwnerPassword);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Typescript_sdk_client_refreshes_on_401_and_keeps_calling_tools_across_expiry()
    {
        var user = await _flow.CreateUserAsync(_owner);
        await OAuthFlow.CreateOrganizationWithMemberAsync(_owner, user.Id, "member", "Expiry");

        var seen = await NodeScripts.RunAsync("token-expiry-e2e.mjs", new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = _base,
            ["PLATFORM_EMAIL"] = user.Email,
            ["PLATFORM_PASSWORD"] = user.Password,
            ["PLATFORM_DURATION_MS"] = "10000",
        });

        TestContext.Out.WriteLine(seen.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("expiresIn").GetInt32(), Is.EqualTo(AccessTokenSeconds));
            Assert.That(seen.GetProperty("calls").GetInt32(), Is.GreaterThanOrEqualTo(10), "every call succeeded (the script stops at the first failure)");
            Assert.That(seen.GetProperty("mcpUnauthorized").GetInt32(), Is.GreaterThanOrEqualTo(2), "the SDK learns of the expiry from a 401");
            Assert.That(seen.GetProperty("refreshes").GetInt32(), Is.EqualTo(seen.GetProperty("mcpUnauthorized").GetInt32()), "one refresh per 401");
            Assert.That(seen.GetProperty("failedRefreshes").GetArrayLength(), Is.Zero);
            Assert.That(seen.GetProperty("accessTokens").GetInt32(), Is.GreaterThanOrEqualTo(3));
            Assert.That(seen.GetProperty("refreshTokens").GetInt32(), Is.EqualTo(seen.GetProperty("refreshes").GetInt32() + 1), "each refresh rotated the refresh token");
            Assert.That(seen.GetProperty("authorizations").GetInt32(), Is.EqualTo(1), "no second sign-in");
            Assert.That(seen.GetProperty("registrations").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Typescript_sdk_client_registers_again_after_an_admin_deleted_its_client_and_carries_on()
    {
        var user = await _flow.CreateUserAsync(_owner);
        await OAuthFlow.CreateOrganizationWithMemberAsync(_owner, user.Id, "member", "Reregister");

        var seen = await NodeScripts.RunAsync("reregister-e2e.mjs", new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = _base,
            ["PLATFORM_EMAIL"] = user.Email,
            ["PLATFORM_PASSWORD"] = user.Password,
            ["PLATFORM_ADMIN_EMAIL"] = OwnerEmail,
            ["PLATFORM_ADMIN_PASSWORD"] = OwnerPassword,
        });

        TestContext.Out.WriteLine(seen.ToString());
        var first = seen.GetProperty("firstClientId").GetString();
        var second = seen.GetProperty("secondClientId").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("deleteStatus").GetInt32(), Is.EqualTo(204));
            Assert.That(second, Is.Not.Null.And.Not.EqualTo(first), "a new registration");
            Assert.That(seen.GetProperty("registrations").GetInt32(), Is.EqualTo(2));
            Assert.That(seen.GetProperty("invalidated").EnumerateArray().Select(e => e.GetString()), Does.Contain("all"), "invalid_client made the SDK forget the registration");
            var failed = seen.GetProperty("failedRefreshes").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.That(failed, Has.Count.EqualTo(1));
            Assert.That(failed[0], Does.StartWith("401").And.Contain("invalid_client"));
            Assert.That(seen.GetProperty("authorizations").GetInt32(), Is.EqualTo(2), "the user is asked once more");
            Assert.That(seen.GetProperty("beforeOrganizations").GetInt32(), Is.EqualTo(1));
            Assert.That(seen.GetProperty("afterOrganizations").GetInt32(), Is.EqualTo(1));
            Assert.That(seen.GetProperty("afterTasksIsError").GetBoolean(), Is.False);
        });

        await using var db = _app.CreateDbContext();
        Assert.That(await db.OAuthClients.AnyAsync(c => c.ClientId == first), Is.False);
        var registered = await db.OAuthClients.SingleAsync(c => c.ClientId == second);
        Assert.That(await db.OAuthConsents.AnyAsync(c => c.ClientId == registered.Id && c.UserId == user.Id), Is.True);
    }

    [Test]
    public async Task Csharp_sdk_client_keeps_calling_tools_across_expiry()
    {
        var user = await _flow.CreateUserAsync(_owner);
        var organizationId = await OAuthFlow.CreateOrganizationWithMemberAsync(_owner, user.Id, "member", "CsExpiry");

        var authorizations = 0;
        var tokens = new RecordingTokenCache();
        var counting = new CountingHandler();
        using var http = new HttpClient(counting) { Timeout = TimeSpan.FromSeconds(60) };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(_base + "/api/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                OAuth = new ClientOAuthOptions
                {
                    RedirectUri = new Uri(Redirect),
                    DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "Platform expiry test (C# SDK)" },
                    TokenCache = tokens,
                    AuthorizationCallbackHandler = async (context, ct) =>
                    {
                        Interlocked.Increment(ref authorizations);
                        using var browser = _flow.NewBrowser();
                        var redirect = await _flow.AuthorizeAsync(browser, context.AuthorizationUri.PathAndQuery, (user.Email, user.Password));
                        var query = OAuthFlow.QueryOf(redirect);
                        return new AuthorizationResult { Code = query["code"], State = query["state"], Iss = query["iss"] };
                    },
                },
            },
            http,
            NullLoggerFactory.Instance);

        var calls = 0;
        await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "platform-expiry", Version = "1.0.0" } }))
        {
            Assert.That(tokens.Stored[0].RefreshToken, Is.Not.Empty, "offline_access was granted");
            var started = DateTimeOffset.UtcNow;
            while (DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10))
            {
                var organizations = await client.CallToolAsync("list_organizations", new Dictionary<string, object?>());
                Assert.That(organizations.IsError, Is.Not.True);
                Assert.That(organizations.StructuredContent!.Value.GetProperty("organizations")[0].GetProperty("id").GetInt32(), Is.EqualTo(organizationId));
                calls++;
                await Task.Delay(500);
            }
        }

        var figures = JsonSerializer.Serialize(new
        {
            calls,
            authorizations,
            tokensStored = tokens.Stored.Count,
            accessTokens = tokens.Stored.Select(t => t.AccessToken).Distinct().Count(),
            refreshes = counting.Refreshes,
            mcpUnauthorized = counting.McpUnauthorized,
        });
        TestContext.Out.WriteLine(figures);
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.GreaterThanOrEqualTo(10));
            Assert.That(authorizations, Is.EqualTo(1), "no second sign-in: " + figures);
            Assert.That(counting.Refreshes, Is.GreaterThanOrEqualTo(2), figures);
            Assert.That(tokens.Stored.Select(t => t.AccessToken).Distinct().Count(), Is.GreaterThanOrEqualTo(3), figures);
            Assert.That(counting.FailedRefreshes, Is.Zero, figures);
        });
    }

    /// <summary>The SDK's token cache, keeping every token set it stored.</summary>
    private sealed class RecordingTokenCache : ITokenCache
    {
        public List<TokenContainer> Stored { get; } = [];

        public ValueTask<TokenContainer?> GetTokensAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Stored.LastOrDefault());

        public ValueTask StoreTokensAsync(TokenContainer tokens, CancellationToken cancellationToken)
        {
            Stored.Add(tokens);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Counts 401s from the MCP endpoint and refresh grants at the token endpoint.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        private int _refreshes;
        private int _failedRefreshes;
        private int _mcpUnauthorized;

        public int Refreshes => _refreshes;

        public int FailedRefreshes => _failedRefreshes;

        public int McpUnauthorized => _mcpUnauthorized;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var refresh = request.RequestUri!.AbsolutePath == "/auth/token" && request.Content is not null
                && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("grant_type=refresh_token", StringComparison.Ordinal);
            var response = await base.SendAsync(request, cancellationToken);
            if (refresh)
            {
                Interlocked.Increment(ref _refreshes);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _failedRefreshes);
                }
            }

            if (request.RequestUri.AbsolutePath == "/api/mcp" && response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Interlocked.Increment(ref _mcpUnauthorized);
            }

            return response;
        }
    }
}
