using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.Infrastructure.Security.ClientMetadataDocuments;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// Client ID metadata documents (decision 0304) over real HTTP: the test serves the documents on
/// 127.0.0.1 and the server fetches them through the loopback switch
/// (<c>OAuth:ClientMetadataDocuments:AllowHttpLoopback</c>, tests and development only).
/// </summary>
public sealed class ClientMetadataDocumentTests
{
    private const string PublicBase = "http://platform.test";
    private const string Redirect = "http://127.0.0.1:47124/callback";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;
    private DocumentServer _documents = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _documents = await DocumentServer.StartAsync();
        _app = new PlatformApp(backendUrl: PublicBase, settings: new Dictionary<string, string?> { ["OAuth:ClientMetadataDocuments:AllowHttpLoopback"] = "true" });
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _owner.Dispose();
        _app.Dispose();
        await _documents.DisposeAsync();
    }

    [Test]
    public async Task Metadata_says_client_id_metadata_documents_are_supported()
    {
        using var http = _app.NewClient();
        var metadata = await (await http.GetAsync("/.well-known/oauth-authorization-server/auth")).ReadJsonAsync();
        Assert.That(metadata.GetProperty("client_id_metadata_document_supported").GetBoolean(), Is.True);
        Assert.That(metadata.GetProperty("registration_endpoint").GetString(), Is.EqualTo(PublicBase + "/auth/register"), "dynamic registration stays");
    }

    [Test]
    public async Task Sdk_client_named_by_its_metadata_document_signs_in_consents_and_calls_every_tool()
    {
        var url = Serve("/clients/e2e.json", name: "Platform E2E (metadata document)");
        var user = await _flow.CreateUserAsync(_owner);
        var organizationId = await OAuthFlow.CreateOrganizationWithMemberAsync(_owner, user.Id, "owner", "CIMD");

        var authorizations = 0;
        string? consentPage = null;
        using var http = new HttpClient(new RouteToTestServer(_app.BaseAddress)) { Timeout = TimeSpan.FromSeconds(60) };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(PublicBase + "/api/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                OAuth = new ClientOAuthOptions
                {
                    // The SDK's own ClientMetadataDocumentUri insists on https; the same URL given as the
                    // client id is sent unchanged, and the server resolves it through the document.
                    ClientId = url,
                    RedirectUri = new Uri(Redirect),
                    AuthorizationCallbackHandler = async (context, ct) =>
                    {
                        Interlocked.Increment(ref authorizations);
                        var query = OAuthFlow.QueryOf(context.AuthorizationUri);
                        Assert.That(query["client_id"], Is.EqualTo(url));
                        using var browser = _flow.NewBrowser();
                        var login = await OAuthFlow.GetPageAsync(browser, context.AuthorizationUri.PathAndQuery);
                        Assert.That(login.Html, Does.Contain("name=\"password\""), login.Html);
                        var signedIn = await OAuthFlow.SubmitAsync(browser, login, ("email", user.Email), ("password", user.Password));
                        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
                        var consent = await OAuthFlow.GetPageAsync(browser, signedIn.Headers.Location!.OriginalString);
                        consentPage = consent.Html;
                        var decided = await OAuthFlow.SubmitAsync(browser, consent, ("decision", "allow"));
                        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.Found), await decided.Content.ReadAsStringAsync());
                        var redirect = OAuthFlow.QueryOf(decided.Headers.Location!);
                        return new AuthorizationResult { Code = redirect["code"], State = redirect["state"], Iss = redirect["iss"] };
                    },
                },
            },
            http,
            NullLoggerFactory.Instance);

        await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "platform-cimd-e2e", Version = "1.0.0" } }))
        {
            Assert.That(authorizations, Is.EqualTo(1), "one login and consent");
            Assert.That(consentPage, Does.Contain("Platform E2E (metadata document)"));
            Assert.That(consentPage, Does.Contain("127.0.0.1:47124"), "the redirect host");
            Assert.That(consentPage, Does.Contain(_documents.BaseAddress.Authority), "the document's host");
            Assert.That(consentPage, Does.Contain("only receives its answer on this computer"), "every redirect URI is on localhost");

            var tools = await client.ListToolsAsync();
            Assert.That(tools.Select(t => t.Name), Is.EquivalentTo(new[] { "list_organizations", "list_tasks", "get_task", "create_task", "update_task" }));

            var organizations = await client.CallToolAsync("list_organizations", new Dictionary<string, object?>());
            Assert.That(organizations.IsError, Is.Not.True, Text(organizations));
            Assert.That(organizations.StructuredContent!.Value.GetProperty("organizations")[0].GetProperty("id").GetInt32(), Is.EqualTo(organizationId));

            var created = await client.CallToolAsync("create_task", new Dictionary<string, object?> { ["title"] = "Written by a metadata-document client" });
            Assert.That(created.IsError, Is.Not.True, Text(created));
            var taskId = created.StructuredContent!.Value.GetProperty("id").GetInt32();

            var updated = await client.CallToolAsync("update_task", new Dictionary<string, object?> { ["taskId"] = taskId, ["status"] = "IN_PROGRESS" });
            Assert.That(updated.IsError, Is.Not.True, Text(updated));
            Assert.That(updated.StructuredContent!.Value.GetProperty("status").GetString(), Is.EqualTo("IN_PROGRESS"));

            var fetched = await client.CallToolAsync("get_task", new Dictionary<string, object?> { ["taskId"] = taskId });
            Assert.That(fetched.IsError, Is.Not.True, Text(fetched));
            Assert.That(fetched.StructuredContent!.Value.GetProperty("title").GetString(), Is.EqualTo("Written by a metadata-document client"));

            var listed = await client.CallToolAsync("list_tasks", new Dictionary<string, object?> { ["organizationId"] = organizationId });
            Assert.That(listed.IsError, Is.Not.True, Text(listed));
            Assert.That(listed.StructuredContent!.Value.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Does.Contain(taskId));
        }

        await using var db = _app.CreateDbContext();
        var stored = await db.OAuthClients.SingleAsync(c => c.ClientId == url);
        Assert.Multiple(() =>
        {
            Assert.That(stored.TokenEndpointAuthMethod, Is.EqualTo("none"));
            Assert.That(stored.IsMetadataDocumentClient, Is.True);
            Assert.That(stored.ClientName, Is.EqualTo("Platform E2E (metadata document)"));
        });
        Assert.That(await db.OAuthConsents.CountAsync(c => c.ClientId == stored.Id && c.UserId == user.Id), Is.EqualTo(1));
        Assert.That(_documents.Hits("/clients/e2e.json"), Is.EqualTo(1), "fetched once, then served from the cache");
    }

    [TestCase("token_endpoint_auth_method", "client_secret_basic", "invalid_client_metadata", "token_endpoint_auth_method must be none")]
    [TestCase("token_endpoint_auth_method", "private_key_jwt", "invalid_client_metadata", "token_endpoint_auth_method must be none")]
    [TestCase("client_id", "https://elsewhere.example/client.json", "invalid_client_metadata", "is not the URL it was fetched from")]
    [TestCase("client_secret", "s3cret", "invalid_client_metadata", "must not contain a client_secret")]
    [TestCase("client_name", null, "invalid_client_metadata", "no client_name")]
    [TestCase("redirect_uris", "javascript:alert(1)", "invalid_redirect_uri", "redirect")]
    public async Task An_invalid_document_is_refused_on_the_error_page(string member, string? value, string error, string reason)
    {
        var path = "/clients/invalid-" + Guid.NewGuid().ToString("N") + ".json";
        var url = _documents.Url(path);
        var document = DocumentFor(url);
        document[member] = member == "redirect_uris" ? new[] { value! } : value;
        _documents.Serve(path, new DocumentResponse(JsonSerializer.Serialize(document)));

        var page = await AuthorizeAsync(url);
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), page.Html);
        Assert.That(page.Html, Does.Contain(error).And.Contain(reason));
        Assert.That(page.Html, Does.Not.Contain("name=\"password\""), "no login for a client that cannot be used");
    }

    [Test]
    public async Task Fetch_failures_are_refused_redirects_not_followed_and_sizes_capped()
    {
        var target = "/clients/redirect-target.json";
        var redirected = Serve(target);
        var cases = new (string Path, DocumentResponse Response, string Reason)[]
        {
            ("/clients/moved.json", new DocumentResponse("", Status: 302, Location: redirected), "redirects are not followed"),
            ("/clients/missing.json", new DocumentResponse("not here", Status: 404, ContentType: "text/plain"), "answered 404"),
            ("/clients/text.json", new DocumentResponse("{}", ContentType: "text/html"), "not served as application/json"),
            ("/clients/huge.json", new DocumentResponse("{\"padding\":\"" + new string('x', 6000) + "\"}"), "larger than 5120 bytes"),
            ("/clients/broken.json", new DocumentResponse("{\"client_id\":"), "not valid JSON"),
        };
        foreach (var (path, response, reason) in cases)
        {
            _documents.Serve(path, response);
            var page = await AuthorizeAsync(_documents.Url(path));
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), path);
            Assert.That(page.Html, Does.Contain(reason), path);
        }

        Assert.That(_documents.Hits(target), Is.EqualTo(0), "the redirect was not followed");
    }

    [Test]
    public async Task A_redirect_uri_that_is_not_in_the_document_is_refused()
    {
        var url = Serve("/clients/strict.json", redirectUris: ["https://app.example/callback"]);
        var other = await AuthorizeAsync(url, "https://app.example/other");
        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(other.Html, Does.Contain("redirect_uri is not registered"));

        var exact = await AuthorizeAsync(url, "https://app.example/callback");
        Assert.That(exact.Status, Is.EqualTo(HttpStatusCode.OK), exact.Html);
        Assert.That(exact.Html, Does.Contain("name=\"password\""), "the login page, for the client named in the document");
    }

    [Test]
    public async Task Documents_are_cached_within_bounds_and_failures_for_a_minute()
    {
        // max-age=0 and no-store still keep the document the minimum five minutes.
        var url = Serve("/clients/cached.json", cacheControl: "no-store");
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await AuthorizeAsync(url)).Status, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(_documents.Hits("/clients/cached.json"), Is.EqualTo(1));

        var failing = _documents.Url("/clients/later.json");
        Assert.That((await AuthorizeAsync(failing)).Status, Is.EqualTo(HttpStatusCode.BadRequest), "404 at first");
        Serve("/clients/later.json");
        var again = await AuthorizeAsync(failing);
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.BadRequest), "the failure is remembered for a minute");
        Assert.That(_documents.Hits("/clients/later.json"), Is.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_requests_share_one_fetch()
    {
        var path = "/clients/slow.json";
        var url = _documents.Url(path);
        _documents.Serve(path, new DocumentResponse(JsonSerializer.Serialize(DocumentFor(url)), Delay: TimeSpan.FromMilliseconds(700)));
        var pages = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AuthorizeAsync(url)));
        Assert.That(pages.Select(p => p.Status), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(_documents.Hits(path), Is.EqualTo(1));
    }

    [Test]
    public async Task A_newer_fetch_updates_the_stored_client()
    {
        var url = Serve("/clients/renamed.json", name: "Old Name");
        Assert.That((await AuthorizeAsync(url)).Html, Does.Contain("Old Name"));
        Serve("/clients/renamed.json", name: "New Name");
        _app.Services.GetRequiredService<ClientMetadataDocumentCache>().Clear(); // as if the cached copy had expired
        Assert.That((await AuthorizeAsync(url)).Html, Does.Contain("New Name"));

        await using var db = _app.CreateDbContext();
        Assert.That((await db.OAuthClients.SingleAsync(c => c.ClientId == url)).ClientName, Is.EqualTo("New Name"));
    }

    [Test]
    public async Task Url_client_ids_work_with_tokens_and_the_admin_api_percent_encoded()
    {
        var url = Serve("/clients/admin.json?v=1%2F2", name: "Admin Visible");
        var client = new RegisteredClient(url, null, "none", default);
        var pkce = Pkce.New();
        var (code, userId) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var token = await _flow.ExchangeCodeAsync(client, code, pkce, Redirect);
        var tokenJson = await token.ReadJsonAsync();
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK), tokenJson.ToString());
        var refreshed = await _flow.RefreshAsync(client, tokenJson.GetProperty("refresh_token").GetString()!);
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var encoded = Uri.EscapeDataString(url);
        var shown = await _owner.GetAsync("/api/admin/oauth-clients/" + encoded);
        var json = await shown.ReadJsonAsync();
        Assert.That(shown.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.That(json.GetProperty("clientId").GetString(), Is.EqualTo(url), "the URL round-trips, %2F inside it included");
        Assert.That(json.GetProperty("consents").GetInt32(), Is.EqualTo(1));

        var searched = await (await _owner.GetAsync("/api/admin/oauth-clients?search=" + encoded)).ReadJsonAsync();
        Assert.That(searched.GetProperty("total").GetInt32(), Is.EqualTo(1));

        var grants = await (await _owner.GetAsync($"/api/admin/users/{userId}/oauth-grants")).ReadJsonAsync();
        Assert.That(grants.GetProperty("items")[0].GetProperty("clientId").GetString(), Is.EqualTo(url));
        var revoked = await _owner.SendRawAsync(HttpMethod.Delete, $"/api/admin/users/{userId}/oauth-grants/{encoded}", null);
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await revoked.Content.ReadAsStringAsync());

        var deleted = await _owner.SendRawAsync(HttpMethod.Delete, "/api/admin/oauth-clients/" + encoded, null);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await deleted.Content.ReadAsStringAsync());
        Assert.That((await _owner.GetAsync("/api/admin/oauth-clients/" + encoded)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var afterDelete = await _flow.RefreshAsync(client, (await refreshed.ReadJsonAsync()).GetProperty("refresh_token").GetString()!);
        Assert.That(afterDelete.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "invalid_client: its refresh tokens went with it");
    }

    [Test]
    public async Task Dynamic_registration_keeps_working_beside_metadata_documents()
    {
        var registered = await _flow.RegisterPublicAsync(Redirect, name: "Registered Beside");
        var page = await AuthorizeAsync(registered.ClientId);
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Html, Does.Contain("Registered Beside"));
    }

    private async Task<OAuthFlow.Page> AuthorizeAsync(string clientId, string redirectUri = Redirect)
    {
        using var browser = _flow.NewBrowser();
        return await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(new RegisteredClient(clientId, null, "none", default), Pkce.New(), redirectUri));
    }

    private string Serve(string path, string name = "Metadata Client", string[]? redirectUris = null, string? cacheControl = null)
    {
        var url = _documents.Url(path);
        var document = DocumentFor(url, name, redirectUris);
        _documents.Serve(new Uri(url).AbsolutePath, new DocumentResponse(JsonSerializer.Serialize(document), CacheControl: cacheControl));
        return url;
    }

    private static Dictionary<string, object?> DocumentFor(string url, string name = "Metadata Client", string[]? redirectUris = null) => new()
    {
        ["client_id"] = url,
        ["client_name"] = name,
        ["redirect_uris"] = redirectUris ?? [Redirect],
        ["grant_types"] = new[] { "authorization_code", "refresh_token" },
        ["response_types"] = new[] { "code" },
        ["token_endpoint_auth_method"] = "none",
    };

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
}
