using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Boards;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// One login for both domains (issue 15) with the clients people use, against a real server: the
/// official TypeScript SDK signs in once in the browser flow, consents once per resource and calls a
/// task tool on /api/mcp and a board tool on /api/boards/mcp, then uses a personal API token on
/// /mcp/rpc without OAuth (tests/clients/ts/one-login-e2e.mjs); the MCP Inspector CLI pinned in
/// tests/clients/ts lists and calls a board tool on /api/boards/mcp (an OAuth bearer) and on /mcp/rpc
/// (an sb_ token). build/setup.sh --ts-client installs Node.js, the SDK and the Inspector.
/// </summary>
public sealed class OneLoginEndToEndTests : NodeClientFixture
{
    private const string Redirect = "http://127.0.0.1:8765/callback";

    [Test]
    public async Task Typescript_sdk_signs_in_once_for_a_task_tool_and_a_board_tool_and_uses_an_sb_token_on_mcp_rpc()
    {
        var flow = new OAuthFlow(App);
        var user = await flow.CreateUserAsync(Owner);
        var organizationId = await OAuthFlow.CreateOrganizationWithMemberAsync(Owner, user.Id, "member", "One Login");
        using var session = await SignInAsync(user.Email, user.Password);
        var slug = await CreateProjectAsync(session, "One Login");
        var (_, sbToken) = await ApiTokenEnvelopeTests.NewTokenAsync(session, "one-login-e2e");

        var seen = await NodeScripts.RunAsync("one-login-e2e.mjs", new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = Base,
            ["PLATFORM_EMAIL"] = user.Email,
            ["PLATFORM_PASSWORD"] = user.Password,
            ["PLATFORM_PROJECT"] = slug,
            ["PLATFORM_SB_TOKEN"] = sbToken,
        });

        var authorizationUrls = seen.GetProperty("authorizationUrls").EnumerateArray().Select(u => new Uri(u.GetString()!)).ToArray();
        Assert.Multiple(() =>
        {
            // One registration, one sign-in, one consent per resource; the second server needed no password.
            Assert.That(Strings(seen.GetProperty("pages")), Is.EqualTo(new[] { "login", "consent", "consent" }));
            Assert.That(Strings(seen.GetProperty("boardPages")), Is.EqualTo(new[] { "consent" }));
            Assert.That(seen.GetProperty("registrations").GetInt32(), Is.EqualTo(1));
            Assert.That(authorizationUrls, Has.Length.EqualTo(2));
            Assert.That(authorizationUrls[0].Query, Does.Contain("resource=" + Uri.EscapeDataString(Base + "/api/mcp")));
            Assert.That(authorizationUrls[1].Query, Does.Contain("resource=" + Uri.EscapeDataString(Base + "/api/boards/mcp")));
            var mentions = seen.GetProperty("consentMentions");
            Assert.That(mentions[0].GetProperty("mcp").GetBoolean() && !mentions[0].GetProperty("boards").GetBoolean(), Is.True, "the first consent names /api/mcp");
            Assert.That(mentions[1].GetProperty("boards").GetBoolean(), Is.True, "the second consent names /api/boards/mcp");
            Assert.That(seen.GetProperty("mcpScope").GetString(), Is.EqualTo("organizations:read tasks:read tasks:write"));
            Assert.That(seen.GetProperty("boardsScope").GetString(), Is.EqualTo("projects:read projects:write"));

            // A task tool with the /api/mcp token, a board tool with the /api/boards/mcp token.
            Assert.That(seen.GetProperty("tasksServer").GetString(), Is.EqualTo("platform"));
            Assert.That(seen.GetProperty("taskTitle").GetString(), Is.EqualTo("One login: task"));
            Assert.That(seen.GetProperty("listedTaskIds").EnumerateArray().Select(i => i.GetInt32()), Does.Contain(seen.GetProperty("taskId").GetInt32()));
            Assert.That(seen.GetProperty("boardTools").GetArrayLength(), Is.EqualTo(27));
            Assert.That(seen.GetProperty("boardToolsBadNames").GetArrayLength(), Is.Zero, seen.GetProperty("boardToolsBadNames").ToString());
            Assert.That(seen.GetProperty("createdTodoTitle").GetString(), Is.EqualTo("One login: todo"));
            Assert.That(seen.GetProperty("boardProjectSlug").GetString(), Is.EqualTo(slug));
            Assert.That(seen.GetProperty("boardTotal").GetInt32(), Is.EqualTo(1));

            // /mcp/rpc with the sb_ token: every name passes ^[a-zA-Z0-9_-]{1,64}$, board tools run.
            Assert.That(seen.GetProperty("rpcServer").GetString(), Is.EqualTo("scrumboy"));
            Assert.That(seen.GetProperty("rpcTools").GetArrayLength(), Is.EqualTo(28));
            Assert.That(Strings(seen.GetProperty("rpcTools")), Does.Contain("todos_create").And.Contain("board_get"));
            Assert.That(seen.GetProperty("rpcToolsBadNames").GetArrayLength(), Is.Zero, seen.GetProperty("rpcToolsBadNames").ToString());
            Assert.That(seen.GetProperty("rpcCreatedTitle").GetString(), Is.EqualTo("One login: sb_ todo"));
            Assert.That(seen.GetProperty("rpcBoardColumns").GetInt32(), Is.GreaterThan(0));
            Assert.That(seen.GetProperty("rpcDottedIsError").GetBoolean(), Is.False, "the dotted name is accepted in tools/call");
        });

        // What the server stored: one client, one consent per resource, both todos on the board.
        var board = await session.PostJsonAsync("/mcp", new { tool = "board.get", input = new { projectSlug = slug } }, csrf: false);
        var titles = (await board.ReadJsonAsync()).GetProperty("data").GetProperty("columns").EnumerateArray()
            .SelectMany(c => c.GetProperty("items").EnumerateArray()).Select(t => t.GetProperty("title").GetString());
        Assert.That(titles, Is.EquivalentTo(new[] { "One login: todo", "One login: sb_ todo" }));
        var grants = await (await Owner.GetAsync($"/api/admin/users/{user.Id}/oauth-grants")).ReadJsonAsync();
        Assert.That(grants.GetProperty("items").EnumerateArray().Select(g => g.GetProperty("resource").GetString()),
            Is.EquivalentTo(new[] { Base + "/api/mcp", Base + "/api/boards/mcp" }));
        Assert.That(grants.GetProperty("items").EnumerateArray().Select(g => g.GetProperty("clientId").GetString()).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Mcp_inspector_cli_lists_and_calls_a_board_tool_on_api_boards_mcp_with_a_bearer_from_the_oauth_flow()
    {
        var flow = new OAuthFlow(App);
        var user = await flow.CreateUserAsync(Owner);
        using var session = await SignInAsync(user.Email, user.Password);
        var slug = await CreateProjectAsync(session, "Inspector OAuth");
        var client = await flow.RegisterPublicAsync(Redirect, name: "MCP Inspector test");
        using var browser = flow.NewBrowser();
        var pkce = Pkce.New();
        var redirect = await flow.AuthorizeAsync(browser, OAuthFlow.AuthorizePath(client, pkce, Redirect, resource: Base + "/api/boards/mcp"), (user.Email, user.Password));
        var exchanged = await flow.ExchangeCodeAsync(client, OAuthFlow.QueryOf(redirect)["code"], pkce, Redirect);
        var token = (await exchanged.ReadJsonAsync()).GetProperty("access_token").GetString()!;

        var url = Base + "/api/boards/mcp";
        var listed = await InspectAsync(url, token, "--method", "tools/list");
        var names = listed.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.That(names, Has.Length.EqualTo(27));
        Assert.That(names, Does.Contain("board_get").And.Contain("todos_create"));

        var created = await InspectAsync(url, token, "--method", "tools/call", "--tool-name", "todos_create", "--tool-arg", $"projectSlug={slug}", "title=From the Inspector");
        Assert.That(created.TryGetProperty("isError", out var createError) && createError.GetBoolean(), Is.False, created.ToString());
        Assert.That(created.GetProperty("structuredContent").GetProperty("data").GetProperty("todo").GetProperty("title").GetString(), Is.EqualTo("From the Inspector"));

        var board = await InspectAsync(url, token, "--method", "tools/call", "--tool-name", "board_get", "--tool-arg", $"projectSlug={slug}");
        var structured = board.GetProperty("structuredContent");
        Assert.That(structured.GetProperty("data").GetProperty("project").GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(structured.GetProperty("meta").GetProperty("totalCountByColumn").EnumerateObject().Sum(c => c.Value.GetInt32()), Is.EqualTo(1));

        // Without the bearer the Inspector gets the 401 challenge and, with no one to sign in, stops.
        var (exitCode, _, stderr) = await NodeScripts.RunInspectorAsync(url, "--transport", "http", "--method", "tools/list");
        Assert.That(exitCode, Is.EqualTo(3), stderr);
        Assert.That(stderr, Does.Contain("auth_required"));
    }

    [Test]
    public async Task Mcp_inspector_cli_lists_and_calls_a_board_tool_on_mcp_rpc_with_an_sb_token()
    {
        var flow = new OAuthFlow(App);
        var user = await flow.CreateUserAsync(Owner);
        using var session = await SignInAsync(user.Email, user.Password);
        var slug = await CreateProjectAsync(session, "Inspector Token");
        var (id, token) = await ApiTokenEnvelopeTests.NewTokenAsync(session, "inspector");
        var url = Base + "/mcp/rpc";

        var listed = await InspectAsync(url, token, "--method", "tools/list");
        var names = listed.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.That(names, Does.Contain("board_get").And.Contain("todos_create").And.Contain("system_getCapabilities"));

        var created = await InspectAsync(url, token, "--method", "tools/call", "--tool-name", "todos_create", "--tool-arg", $"projectSlug={slug}", "title=Inspector via sb_");
        Assert.That(created.GetProperty("structuredContent").GetProperty("todo").GetProperty("title").GetString(), Is.EqualTo("Inspector via sb_"));
        var board = await InspectAsync(url, token, "--method", "tools/call", "--tool-name", "board_get", "--tool-arg", $"projectSlug={slug}");
        var items = board.GetProperty("structuredContent").GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray());
        Assert.That(items.Select(t => t.GetProperty("title").GetString()), Is.EqualTo(new[] { "Inspector via sb_" }));

        // Revoked: the same command is refused (a failed bearer never falls back to anything).
        Assert.That((await session.SendRawAsync(HttpMethod.Delete, $"/api/me/tokens/{id}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var (exitCode, stdout, stderr) = await NodeScripts.RunInspectorAsync(
            url, "--transport", "http", "--header", "Authorization: Bearer " + token, "--method", "tools/call", "--tool-name", "board_get", "--tool-arg", $"projectSlug={slug}");
        Assert.That(exitCode, Is.EqualTo(5), "the Inspector's exit code for an isError result\n" + stderr);
        Assert.That(stderr, Does.Contain("tool_is_error"));
        var refused = JsonDocument.Parse(stdout).RootElement;
        Assert.That(refused.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(refused.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("authentication required"));
    }

    /// <summary>Runs <c>mcp-inspector --cli URL --transport http --header "Authorization: Bearer …" ARGS</c>; its JSON output.</summary>
    private static async Task<JsonElement> InspectAsync(string url, string token, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await NodeScripts.RunInspectorAsync(
            [url, "--transport", "http", "--header", "Authorization: Bearer " + token, .. arguments]);
        Assert.That(exitCode, Is.Zero, $"mcp-inspector --cli {string.Join(' ', arguments)} failed:\n{stderr}\n{stdout}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private async Task<TestClient> SignInAsync(string email, string password)
    {
        var client = App.NewClient();
        var login = await client.PostJsonAsync("/api/auth/login", new { email, password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task<string> CreateProjectAsync(TestClient client, string name)
    {
        var response = await client.PostJsonAsync("/api/projects", new { name = name + " " + Guid.NewGuid().ToString("N")[..6] });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return json.GetProperty("slug").GetString()!;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
