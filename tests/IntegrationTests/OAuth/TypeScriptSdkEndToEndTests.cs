using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>
/// The official TypeScript MCP SDK — the client inside Claude Code, Cursor, VS Code and MCP
/// Inspector — run by Node.js against a real server (tests/clients/ts/oauth-e2e.mjs): the 401,
/// discovery, dynamic registration, PKCE, sign-in and consent, the code exchange, all five tools
/// (the SDK validates each structuredContent against the tool's outputSchema), a grant with
/// offline_access and a refresh. build/setup.sh --ts-client installs Node.js and the SDK.
/// </summary>
public sealed class TypeScriptSdkEndToEndTests : NodeClientFixture
{
    [Test]
    public async Task Typescript_sdk_client_authorizes_calls_every_tool_and_refreshes()
    {
        var flow = new OAuthFlow(App);
        var user = await flow.CreateUserAsync(Owner);
        var organizationId = await OAuthFlow.CreateOrganizationWithMemberAsync(Owner, user.Id, "member", "TS");

        var seen = await NodeScripts.RunAsync("oauth-e2e.mjs", new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = Base,
            ["PLATFORM_EMAIL"] = user.Email,
            ["PLATFORM_PASSWORD"] = user.Password,
        });
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("serverName").GetString(), Is.EqualTo("platform"));
            Assert.That(seen.GetProperty("registeredAuthMethod").GetString(), Is.EqualTo("none"));
            Assert.That(seen.GetProperty("scopes").GetString(), Is.EqualTo("organizations:read tasks:read tasks:write"));
            Assert.That(seen.GetProperty("offlineScopes").GetString(), Does.Contain("offline_access"));
            var authorizationUrl = new Uri(seen.GetProperty("authorizationUrl").GetString()!);
            Assert.That(authorizationUrl.GetLeftPart(UriPartial.Path), Is.EqualTo(Base + "/auth/authorize"));
            Assert.That(authorizationUrl.Query, Does.Contain("code_challenge_method=S256").And.Contain("resource=" + Uri.EscapeDataString(Base + "/api/mcp")));
            Assert.That(seen.GetProperty("tools").EnumerateArray().Select(t => t.GetString()),
                Is.EqualTo(new[] { "list_organizations", "list_tasks", "get_task", "create_task", "update_task" }));
            Assert.That(seen.GetProperty("organizationId").GetInt32(), Is.EqualTo(organizationId));
            Assert.That(seen.GetProperty("createdTitle").GetString(), Is.EqualTo("From the TypeScript SDK é 😀 <b>"));
            Assert.That(seen.GetProperty("createdDescription").GetProperty("n").GetDouble(), Is.EqualTo(1.5));
            Assert.That(seen.GetProperty("listedIds").EnumerateArray().Select(i => i.GetInt32()), Does.Contain(seen.GetProperty("taskId").GetInt32()));
            Assert.That(seen.GetProperty("updatedStatus").GetString(), Is.EqualTo("DONE"));
            Assert.That(seen.GetProperty("fetchedTitle").GetString(), Is.EqualTo("From the TypeScript SDK é 😀 <b>"));
            Assert.That(seen.GetProperty("fetchedOwners").GetInt32(), Is.EqualTo(1));
            Assert.That(seen.GetProperty("missingIsError").GetBoolean(), Is.True);
            Assert.That(seen.GetProperty("missingText").GetString(), Is.EqualTo("Task with ID 987654321 not found or not accessible."));
            Assert.That(seen.GetProperty("refreshed").GetBoolean(), Is.True);
            Assert.That(seen.GetProperty("afterRefreshCount").GetInt32(), Is.EqualTo(1));
        });
    }
}
