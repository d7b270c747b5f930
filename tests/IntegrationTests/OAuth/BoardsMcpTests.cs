using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The board tools for OAuth clients at /api/boards/mcp (decision 0106): a protected resource of its
/// own (RFC 9728 metadata, 401/403 challenges, scopes projects:read and projects:write), tokens for
/// one resource each, consent per user, client and resource, and the C# SDK client end to end.
/// </summary>
public sealed partial class BoardsMcpTests
{
    private const string PublicBase = "http://platform.test";
    private const string McpResource = PublicBase + "/api/mcp";
    private const string BoardsResource = PublicBase + "/api/boards/mcp";
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
    public async Task The_board_resource_publishes_its_own_metadata_and_api_mcp_keeps_its_three_scopes()
    {
        using var client = _app.NewClient();
        var boards = await (await client.GetAsync("/.well-known/oauth-protected-resource/api/boards/mcp")).ReadJsonAsync();
        var mcp = await (await client.GetAsync("/.well-known/oauth-protected-resource/api/mcp")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(boards.GetProperty("resource").GetString(), Is.EqualTo(BoardsResource));
            Assert.That(boards.GetProperty("authorization_servers")[0].GetString(), Is.EqualTo(PublicBase + "/auth"));
            Assert.That(Strings(boards.GetProperty("scopes_supported")), Is.EqualTo(new[] { "projects:read", "projects:write" }));
            Assert.That(Strings(boards.GetProperty("bearer_methods_supported")), Is.EqualTo(new[] { "header" }));
            Assert.That(mcp.GetProperty("resource").GetString(), Is.EqualTo(McpResource));
            Assert.That(Strings(mcp.GetProperty("scopes_supported")), Is.EqualTo(new[] { "organizations:read", "tasks:read", "tasks:write" }));
        });
    }

    [Test]
    public async Task Without_a_token_the_board_endpoint_answers_401_naming_its_resource_metadata()
    {
        var response = await PostAsync("/api/boards/mcp", Initialize, token: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.That(challenge, Does.Contain($"resource_metadata=\"{PublicBase}/.well-known/oauth-protected-resource/api/boards/mcp\""));
        Assert.That(challenge, Does.Contain("scope=\"projects:read projects:write\""));
        Assert.That(challenge, Does.Not.Contain("error="));
    }

    [Test]
    public async Task A_token_is_for_one_resource_and_refused_by_the_other()
    {
        var client = await _flow.RegisterPublicAsync(Redirect, name: "Two resources");
        using var browser = _flow.NewBrowser();
        var mcpToken = await TokenAsync(browser, client, resource: null, scope: null);
        var boardsToken = await TokenAsync(browser, client, resource: BoardsResource, scope: null);
        Assert.Multiple(() =>
        {
            Assert.That(Audience(mcpToken), Is.EqualTo(McpResource), "no resource still means /api/mcp");
            Assert.That(Scope(mcpToken), Is.EqualTo("organizations:read tasks:read tasks:write"));
            Assert.That(Audience(boardsToken), Is.EqualTo(BoardsResource));
            Assert.That(Scope(boardsToken), Is.EqualTo("projects:read projects:write"));
        });

        var refusedOnBoards = await PostAsync("/api/boards/mcp", Initialize, mcpToken);
        var refusedOnMcp = await PostAsync("/api/mcp", Initialize, boardsToken);
        var acceptedOnBoards = await PostAsync("/api/boards/mcp", Initialize, boardsToken);
        var acceptedOnMcp = await PostAsync("/api/mcp", Initialize, mcpToken);
        Assert.Multiple(() =>
        {
            Assert.That(refusedOnBoards.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refusedOnBoards.Headers.WwwAuthenticate.ToString(), Does.Contain("error=\"invalid_token\"").And.Contain("api/boards/mcp"));
            Assert.That(refusedOnMcp.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refusedOnMcp.Headers.WwwAuthenticate.ToString(), Does.Contain("error=\"invalid_token\"").And.Not.Contain("api/boards/mcp"));
            Assert.That(acceptedOnBoards.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(acceptedOnMcp.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_projects_read_token_reads_but_gets_403_insufficient_scope_for_a_write_tool()
    {
        var slug = await CreateProjectAsync("Read Only");
        var client = await _flow.RegisterPublicAsync(Redirect, name: "Reader");
        using var browser = _flow.NewBrowser();
        var token = await TokenAsync(browser, client, BoardsResource, "projects:read");
        Assert.That(Scope(token), Is.EqualTo("projects:read"));

        var read = await PostAsync("/api/boards/mcp", ToolCall("board_get", new { projectSlug = slug }), token);
        var readResult = (await ReadRpcAsync(read)).GetProperty("result");
        Assert.That(readResult.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.False, readResult.ToString());

        var write = await PostAsync("/api/boards/mcp", ToolCall("todos_create", new { projectSlug = slug, title = "No" }), token);
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var challenge = write.Headers.WwwAuthenticate.ToString();
        Assert.That(challenge, Does.Contain("error=\"insufficient_scope\""));
        Assert.That(challenge, Does.Contain("scope=\"projects:read projects:write\""));
        Assert.That(challenge, Does.Contain("/.well-known/oauth-protected-resource/api/boards/mcp"));

        // The dotted spelling is the same tool, and needs the same scope (decision 0105).
        var dotted = await PostAsync("/api/boards/mcp", ToolCall("todos.create", new { projectSlug = slug, title = "No" }), token);
        Assert.That(dotted.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Consent_is_remembered_per_resource_and_the_page_words_the_board_scopes()
    {
        var client = await _flow.RegisterPublicAsync(Redirect, name: "Consent Per Resource");
        using var browser = _flow.NewBrowser();
        var pkce = Pkce.New();
        var boardsPath = OAuthFlow.AuthorizePath(client, pkce, Redirect, "projects:read projects:write", resource: BoardsResource);

        var login = await OAuthFlow.GetPageAsync(browser, boardsPath);
        var signedIn = await OAuthFlow.SubmitAsync(browser, login, ("email", Email), ("password", Password));
        var consent = await OAuthFlow.GetPageAsync(browser, signedIn.Headers.Location!.OriginalString);
        Assert.Multiple(() =>
        {
            Assert.That(consent.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(consent.Html, Does.Contain("Read your projects and boards"));
            Assert.That(consent.Html, Does.Contain("Change todos, sprints, tags and members"));
            Assert.That(consent.Html, Does.Not.Contain("Read your tasks"));
            Assert.That(PageText(consent.Html), Does.Contain($"Consent Per Resource wants to access your projects and boards ({BoardsResource})."));
        });
        var allowed = await OAuthFlow.SubmitAsync(browser, consent, ("decision", "allow"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Found));

        // Same user, same client, same resource: no page. The other resource: its own consent.
        var again = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, "projects:read", resource: BoardsResource));
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Found));
        var mcp = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, "tasks:read", resource: McpResource));
        Assert.That(mcp.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(mcp.Html, Does.Contain("Read your tasks").And.Contain("value=\"allow\""));
        Assert.That(PageText(mcp.Html), Does.Contain($"Consent Per Resource wants to access your organizations and tasks ({McpResource})."));

        // A token request names one resource.
        var both = await OAuthFlow.GetPageAsync(browser, OAuthFlow.AuthorizePath(client, Pkce.New(), Redirect, resource: BoardsResource) + "&resource=" + Uri.EscapeDataString(McpResource));
        Assert.That(both.Location?.ToString() ?? both.Html, Does.Contain("invalid_target"));
    }

    [Test]
    public async Task The_admin_grant_list_names_the_resource_of_each_grant_and_counts_its_refresh_tokens()
    {
        var email = $"grants-{Guid.NewGuid():N}@example.com";
        var (user, userId) = await _app.CreateUserAsync(_owner, email, password: Password);
        user.Dispose();
        var client = await _flow.RegisterAsync(new
        {
            client_name = "Grant Per Resource", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "none",
            grant_types = new[] { "authorization_code", "refresh_token" },
        });
        using var browser = _flow.NewBrowser();
        await TokenAsync(browser, client, resource: null, scope: "tasks:read", (email, Password));
        await TokenAsync(browser, client, resource: BoardsResource, scope: "projects:read offline_access", (email, Password));

        var response = await _owner.GetAsync($"/api/admin/users/{userId}/oauth-grants");
        var grants = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToDictionary(g => g.GetProperty("resource").GetString()!);
        Assert.That(grants.Keys, Is.EquivalentTo(new[] { McpResource, BoardsResource }));
        Assert.Multiple(() =>
        {
            Assert.That(grants[McpResource].GetProperty("clientId").GetString(), Is.EqualTo(client.ClientId));
            Assert.That(grants[McpResource].GetProperty("resourceDescription").GetString(), Is.EqualTo("your organizations and tasks"));
            Assert.That(Strings(grants[McpResource].GetProperty("scopes")), Is.EqualTo(new[] { "tasks:read" }));
            Assert.That(grants[McpResource].GetProperty("activeRefreshTokens").GetInt32(), Is.Zero, "no offline_access for /api/mcp");
            Assert.That(grants[BoardsResource].GetProperty("clientId").GetString(), Is.EqualTo(client.ClientId));
            Assert.That(grants[BoardsResource].GetProperty("resourceDescription").GetString(), Is.EqualTo("your projects and boards"));
            Assert.That(Strings(grants[BoardsResource].GetProperty("scopes")), Is.EqualTo(new[] { "projects:read", "offline_access" }));
            Assert.That(grants[BoardsResource].GetProperty("activeRefreshTokens").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_resource_at_the_token_endpoint_must_be_the_one_the_code_was_issued_for()
    {
        var client = await _flow.RegisterPublicAsync(Redirect, name: "Token Resource");
        using var browser = _flow.NewBrowser();
        var pkce = Pkce.New();
        var redirect = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, pkce, Redirect, resource: BoardsResource), (Email, Password));
        var response = await _flow.ExchangeCodeAsync(client, OAuthFlow.QueryOf(redirect)["code"], pkce, Redirect, ("resource", McpResource));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync()).GetProperty("error").GetString(), Is.EqualTo("invalid_target"));
    }

    [Test]
    public async Task Sdk_client_signs_in_once_and_consents_once_per_resource()
    {
        var slug = await CreateProjectAsync("Sdk Board");
        using var browser = _flow.NewBrowser(); // one browser: one sign-in for both servers
        var signIns = 0;
        var consents = 0;
        using var http = new HttpClient(new RouteToTestServer(_app.BaseAddress)) { Timeout = TimeSpan.FromSeconds(60) };

        HttpClientTransport Transport(string path, string name) => new(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(PublicBase + path),
                TransportMode = HttpTransportMode.StreamableHttp,
                OAuth = new ClientOAuthOptions
                {
                    RedirectUri = new Uri(Redirect),
                    DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = name },
                    AuthorizationCallbackHandler = async (context, ct) =>
                    {
                        var page = await OAuthFlow.GetPageAsync(browser, context.AuthorizationUri.PathAndQuery);
                        if (page.Html.Contains("name=\"password\"", StringComparison.Ordinal))
                        {
                            signIns++;
                        }

                        consents++;
                        var redirect = await _flow.AuthorizeAsync(browser, context.AuthorizationUri.PathAndQuery, (Email, Password));
                        var query = OAuthFlow.QueryOf(redirect);
                        Assert.That(query, Does.ContainKey("code"), redirect + " for " + context.AuthorizationUri);
                        return new AuthorizationResult { Code = query["code"], State = query["state"], Iss = query["iss"] };
                    },
                },
            },
            http,
            NullLoggerFactory.Instance);

        var info = new McpClientOptions { ClientInfo = new Implementation { Name = "platform-e2e", Version = "1.0.0" } };
        await using (var mcp = await McpClient.CreateAsync(Transport("/api/mcp", "Boards E2E (tasks)"), info))
        {
            var tasks = await mcp.CallToolAsync("list_tasks", new Dictionary<string, object?>());
            Assert.That(tasks.IsError, Is.Not.True, Text(tasks));
        }

        await using (var boards = await McpClient.CreateAsync(Transport("/api/boards/mcp", "Boards E2E (boards)"), info))
        {
            var tools = await boards.ListToolsAsync();
            Assert.That(tools, Has.Count.EqualTo(27));
            Assert.That(tools.Select(t => t.Name), Has.All.Matches<string>(n => ToolName().IsMatch(n)));
            Assert.That(tools.Select(t => t.Name), Does.Contain("board_get").And.Contain("todos_create").And.Not.Contain("system_getCapabilities"));
            var delete = tools.Single(t => t.Name == "todos_delete").ProtocolTool.Annotations!;
            var get = tools.Single(t => t.Name == "board_get").ProtocolTool.Annotations!;
            Assert.Multiple(() =>
            {
                Assert.That(delete.DestructiveHint, Is.True);
                Assert.That(delete.ReadOnlyHint, Is.False);
                Assert.That(get.ReadOnlyHint, Is.True);
                Assert.That(get.Title, Is.EqualTo("Get board"));
                Assert.That(tools.Single(t => t.Name == "members_remove").ProtocolTool.Annotations!.DestructiveHint, Is.True);
            });

            var created = await boards.CallToolAsync("todos_create", new Dictionary<string, object?> { ["projectSlug"] = slug, ["title"] = "Through OAuth" });
            Assert.That(created.IsError, Is.Not.True, Text(created));

            var board = await boards.CallToolAsync("board_get", new Dictionary<string, object?> { ["projectSlug"] = slug });
            Assert.That(board.IsError, Is.Not.True, Text(board));
            var structured = board.StructuredContent!.Value;
            var meta = structured.GetProperty("meta");
            Assert.Multiple(() =>
            {
                Assert.That(structured.GetProperty("data").GetProperty("project").GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
                Assert.That(meta.GetProperty("nextCursorByColumn").ValueKind, Is.EqualTo(JsonValueKind.Object));
                Assert.That(meta.GetProperty("hasMoreByColumn").ValueKind, Is.EqualTo(JsonValueKind.Object));
                Assert.That(meta.GetProperty("totalCountByColumn").EnumerateObject().Sum(c => c.Value.GetInt32()), Is.EqualTo(1));
            });

            var sprints = await boards.CallToolAsync("sprints_list", new Dictionary<string, object?> { ["projectSlug"] = slug });
            Assert.That(sprints.StructuredContent!.Value.GetProperty("meta").GetProperty("unscheduledCount").GetInt32(), Is.EqualTo(1), Text(sprints));

            var missing = await boards.CallToolAsync("todos_get", new Dictionary<string, object?> { ["projectSlug"] = slug, ["localId"] = 999 });
            Assert.That(missing.IsError, Is.True);
            Assert.That(Text(missing), Is.EqualTo("not found"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(signIns, Is.EqualTo(1), "one browser sign-in");
            Assert.That(consents, Is.EqualTo(2), "one consent per resource");
        });

        await using var db = _app.CreateDbContext();
        var resources = await db.OAuthConsents.Join(db.OAuthClients, c => c.ClientId, k => k.Id, (c, k) => new { k.ClientName, c.Resource })
            .Where(x => x.ClientName!.StartsWith("Boards E2E")).Select(x => x.Resource).ToListAsync();
        Assert.That(resources, Is.EquivalentTo(new[] { "", BoardsResource }));
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();

    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private static string ToolCall(string tool, object arguments) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = tool, arguments } });

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? token)
    {
        using var client = _app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-06-18");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<JsonElement> ReadRpcAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            text = text.Split('\n').Last(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> TokenAsync(TestClient browser, RegisteredClient client, string? resource, string? scope, (string Email, string Password)? login = null)
    {
        var pkce = Pkce.New();
        var redirect = await _flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, pkce, Redirect, scope, resource: resource), login ?? (Email, Password));
        var query = OAuthFlow.QueryOf(redirect);
        Assert.That(query, Does.ContainKey("code"), redirect.ToString());
        var response = await _flow.ExchangeCodeAsync(client, query["code"], pkce, Redirect);
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return json.GetProperty("access_token").GetString()!;
    }

    private async Task<string> CreateProjectAsync(string name)
    {
        var response = await _owner.PostJsonAsync("/api/projects", new { name = name + " " + Guid.NewGuid().ToString("N")[..6] });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return json.GetProperty("slug").GetString()!;
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }

    private static string? Audience(string jwt) => Payload(jwt).GetProperty("aud").GetString();

    private static string? Scope(string jwt) => Payload(jwt).GetProperty("scope").GetString();

    /// <summary>A page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed.</summary>
    private static string PageText(string html) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", string.Empty)), @"\s+", " ");

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

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
