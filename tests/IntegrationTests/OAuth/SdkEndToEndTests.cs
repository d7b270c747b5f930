using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The official C# SDK client, from nothing: a 401 from /api/mcp, discovery (protected-resource and
/// authorization-server metadata), dynamic registration (it registers as client_secret_post), login
/// and consent (performed over HTTP by a cookie-aware client in the authorization callback), the
/// token exchange with its strict state and iss checks, tool calls, and a refresh.
/// </summary>
public sealed class SdkEndToEndTests
{
    // BACKEND_URL as clients know it; requests to it are routed to the test server's random port.
    private const string PublicBase = "http://platform.test";
    private const string Redirect = "http://127.0.0.1:47123/callback";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PlatformApp(backendUrl: PublicBase);
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
    public async Task Sdk_client_goes_from_401_to_tool_calls_and_refreshes()
    {
        var user = await _flow.CreateUserAsync(_owner);
        var organizationId = await OAuthFlow.CreateOrganizationWithMemberAsync(_owner, user.Id, "owner", "E2E");

        var authorizations = 0;
        var tokens = new ExpirableTokenCache();
        using var http = new HttpClient(new RouteToTestServer(_app.BaseAddress)) { Timeout = TimeSpan.FromSeconds(60) };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(PublicBase + "/api/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                OAuth = new ClientOAuthOptions
                {
                    RedirectUri = new Uri(Redirect),
                    DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "Platform E2E (C# SDK)" },
                    TokenCache = tokens,
                    AuthorizationCallbackHandler = async (context, ct) =>
                    {
                        Interlocked.Increment(ref authorizations);
                        Assert.That(context.AuthorizationUri.GetLeftPart(UriPartial.Path), Is.EqualTo(PublicBase + "/auth/authorize"));
                        using var browser = _flow.NewBrowser();
                        var redirect = await _flow.AuthorizeAsync(browser, context.AuthorizationUri.PathAndQuery, (user.Email, user.Password));
                        Assert.That(redirect.GetLeftPart(UriPartial.Path), Is.EqualTo(Redirect));
                        var query = OAuthFlow.QueryOf(redirect);
                        return new AuthorizationResult { Code = query["code"], State = query["state"], Iss = query["iss"] };
                    },
                },
            },
            http,
            NullLoggerFactory.Instance);

        await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "platform-e2e", Version = "1.0.0" } }))
        {
            Assert.That(authorizations, Is.EqualTo(1), "one login and consent");

            var tools = await client.ListToolsAsync();
            Assert.That(tools.Select(t => t.Name), Is.EquivalentTo(new[] { "list_organizations", "list_tasks", "get_task", "create_task", "update_task" }));

            var organizations = await client.CallToolAsync("list_organizations", new Dictionary<string, object?>());
            Assert.That(organizations.IsError, Is.Not.True);
            Assert.That(organizations.StructuredContent!.Value.GetProperty("organizations")[0].GetProperty("id").GetInt32(), Is.EqualTo(organizationId));

            var created = await client.CallToolAsync("create_task", new Dictionary<string, object?> { ["title"] = "Written through OAuth" });
            Assert.That(created.IsError, Is.Not.True, Text(created));
            var taskId = created.StructuredContent!.Value.GetProperty("id").GetInt32();

            // The access token runs out: the SDK refreshes before its next call (refresh token rotation).
            var firstRefreshToken = tokens.Current!.RefreshToken;
            Assert.That(firstRefreshToken, Is.Not.Empty, "offline_access was granted");
            tokens.ExpireAccessToken();

            var fetched = await client.CallToolAsync("get_task", new Dictionary<string, object?> { ["taskId"] = taskId });
            Assert.That(fetched.IsError, Is.Not.True, Text(fetched));
            Assert.That(fetched.StructuredContent!.Value.GetProperty("title").GetString(), Is.EqualTo("Written through OAuth"));
            Assert.That(tokens.Current!.RefreshToken, Is.Not.EqualTo(firstRefreshToken), "the refresh token rotated");
            Assert.That(authorizations, Is.EqualTo(1), "no second login");
        }

        await using var db = _app.CreateDbContext();
        var registered = await db.OAuthClients.SingleAsync(c => c.ClientName == "Platform E2E (C# SDK)");
        Assert.Multiple(() =>
        {
            Assert.That(registered.TokenEndpointAuthMethod, Is.EqualTo("client_secret_post"));
            Assert.That(registered.RedirectUris, Is.EqualTo(new[] { Redirect }));
        });
        var family = await db.OAuthRefreshTokens.Where(t => t.ClientId == registered.Id).ToListAsync();
        Assert.That(family, Has.Count.EqualTo(2));
        Assert.That(family.Count(t => t.RotatedAt is not null), Is.EqualTo(1));
        Assert.That(await db.OAuthConsents.CountAsync(c => c.ClientId == registered.Id && c.UserId == user.Id), Is.EqualTo(1));
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    /// <summary>Sends requests for BACKEND_URL to the test server's real address.</summary>
    private sealed class RouteToTestServer(Uri server) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && uri.GetLeftPart(UriPartial.Authority) == PublicBase)
            {
                request.RequestUri = new Uri(server, uri.PathAndQuery);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The SDK's token cache, with a way to make the cached access token look expired.</summary>
    private sealed class ExpirableTokenCache : ITokenCache
    {
        public TokenContainer? Current { get; private set; }

        public ValueTask<TokenContainer?> GetTokensAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Current);

        public ValueTask StoreTokensAsync(TokenContainer tokens, CancellationToken cancellationToken)
        {
            Current = tokens;
            return ValueTask.CompletedTask;
        }

        public void ExpireAccessToken() => Current!.ObtainedAt = DateTimeOffset.UtcNow.AddHours(-2);
    }
}
