using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// Every admin endpoint, called by an owner, an admin, a plain user and an anonymous client:
/// owners and admins succeed, a plain user gets 403 FORBIDDEN, anonymous gets 401 UNAUTHORIZED,
/// all as ProblemDetails. Each case prepares its own target (a fresh plain user).
/// </summary>
public sealed class AdminAuthorizationTests
{
    public sealed record AdminCall(HttpMethod Method, string Path, object? Body);

    /// <summary>One admin endpoint: how to prepare a call against a fresh target, and its success status.</summary>
    public sealed record EndpointCase(string Name, HttpStatusCode Success, Func<AdminServer, Task<AdminCall>> Prepare)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] Roles = ["owner", "admin", "user", "anonymous"];

    public static IEnumerable<EndpointCase> Endpoints()
    {
        yield return new("listUsers", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Get, "/api/admin/users?search=example&page=1&pageSize=5", null)));
        yield return new("getUser", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Get, $"/api/admin/users/{await NewTargetAsync(s)}", null));
        yield return new("createUser", HttpStatusCode.Created, _ => Task.FromResult(new AdminCall(
            HttpMethod.Post, "/api/admin/users", new { email = AdminTest.UniqueEmail("created"), password = AdminTest.Password, name = "Created" })));
        yield return new("updateUser", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Patch, $"/api/admin/users/{await NewTargetAsync(s)}", new { name = "Renamed" }));
        yield return new("disableUser", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Post, $"/api/admin/users/{await NewTargetAsync(s)}/disable", null));
        yield return new("enableUser", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Post, $"/api/admin/users/{await NewTargetAsync(s)}/enable", null));
        yield return new("resetUserPassword", HttpStatusCode.NoContent, async s =>
            new AdminCall(HttpMethod.Post, $"/api/admin/users/{await NewTargetAsync(s)}/password", new { password = "another password" }));
        yield return new("listUserSessions", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Get, $"/api/admin/users/{await NewTargetAsync(s)}/sessions", null));
        yield return new("revokeUserSession", HttpStatusCode.NoContent, async s =>
        {
            var (id, sessionId) = await NewSignedInTargetAsync(s);
            return new AdminCall(HttpMethod.Delete, $"/api/admin/users/{id}/sessions/{sessionId}", null);
        });
        yield return new("revokeUserSessions", HttpStatusCode.NoContent, async s => new AdminCall(HttpMethod.Delete, $"/api/admin/users/{await NewTargetAsync(s)}/sessions", null));
        yield return new("listUserApiTokens", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Get, $"/api/admin/users/{(await NewTokenHolderAsync(s)).UserId}/api-tokens", null));
        yield return new("revokeUserApiToken", HttpStatusCode.NoContent, async s =>
        {
            var (id, tokenId) = await NewTokenHolderAsync(s);
            return new AdminCall(HttpMethod.Delete, $"/api/admin/users/{id}/api-tokens/{tokenId}", null);
        });
        yield return new("listAuditLog", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Get, "/api/admin/audit-log?pageSize=10", null)));

        yield return new("listOrganizations", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Get, "/api/admin/organizations?pageSize=5", null)));
        yield return new("createOrganization", HttpStatusCode.Created, _ => Task.FromResult(new AdminCall(
            HttpMethod.Post, "/api/admin/organizations", new { name = "Org " + Guid.NewGuid().ToString("N") })));
        yield return new("getOrganization", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Get, $"/api/admin/organizations/{await NewOrganizationAsync(s)}", null));
        yield return new("updateOrganization", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Patch, $"/api/admin/organizations/{await NewOrganizationAsync(s)}", new { name = "Renamed org" }));
        yield return new("deleteOrganization", HttpStatusCode.NoContent, async s =>
            new AdminCall(HttpMethod.Delete, $"/api/admin/organizations/{await NewOrganizationAsync(s)}", null));
        yield return new("listOrganizationMembers", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Get, $"/api/admin/organizations/{await NewOrganizationAsync(s)}/members", null));
        yield return new("addOrganizationMember", HttpStatusCode.Created, async s =>
            new AdminCall(HttpMethod.Post, $"/api/admin/organizations/{await NewOrganizationAsync(s)}/members", new { userId = await NewTargetAsync(s), role = "member" }));
        yield return new("getOrganizationMember", HttpStatusCode.OK, async s =>
        {
            var (org, user) = await NewMembershipAsync(s);
            return new AdminCall(HttpMethod.Get, $"/api/admin/organizations/{org}/members/{user}", null);
        });
        yield return new("changeOrganizationMemberRole", HttpStatusCode.OK, async s =>
        {
            var (org, user) = await NewMembershipAsync(s);
            return new AdminCall(HttpMethod.Patch, $"/api/admin/organizations/{org}/members/{user}", new { role = "admin" });
        });
        yield return new("removeOrganizationMember", HttpStatusCode.NoContent, async s =>
        {
            var (org, user) = await NewMembershipAsync(s);
            return new AdminCall(HttpMethod.Delete, $"/api/admin/organizations/{org}/members/{user}", null);
        });
        yield return new("listOrganizationTasks", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Get, $"/api/admin/organizations/{await NewOrganizationAsync(s)}/tasks", null));
        yield return new("getOrganizationTask", HttpStatusCode.OK, async s =>
        {
            var (org, task) = await AdminOrganizationsTests.NewTaskAsync(s, "Matrix task");
            return new AdminCall(HttpMethod.Get, $"/api/admin/organizations/{org}/tasks/{task}", null);
        });

        yield return new("listProjects", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Get, "/api/admin/projects?pageSize=5", null)));
        yield return new("getProject", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Get, $"/api/admin/projects/{await NewProjectAsync(s)}", null));
        yield return new("listProjectMembers", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Get, $"/api/admin/projects/{await NewProjectAsync(s)}/members", null));
        yield return new("transferProjectMaintainership", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Post, $"/api/admin/projects/{await NewProjectAsync(s)}/maintainership", new { userId = await NewTargetAsync(s) }));

        yield return new("listOAuthClients", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Get, "/api/admin/oauth-clients?pageSize=5", null)));
        yield return new("getOAuthClient", HttpStatusCode.OK, async s => new AdminCall(HttpMethod.Get, $"/api/admin/oauth-clients/{await NewClientAsync(s)}", null));
        yield return new("deleteOAuthClient", HttpStatusCode.NoContent, async s => new AdminCall(HttpMethod.Delete, $"/api/admin/oauth-clients/{await NewClientAsync(s)}", null));
        yield return new("listUserOAuthGrants", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Get, $"/api/admin/users/{(await AdminOAuthTests.NewGrantAsync(s)).UserId}/oauth-grants", null));
        yield return new("revokeUserOAuthGrant", HttpStatusCode.NoContent, async s =>
        {
            var grant = await AdminOAuthTests.NewGrantAsync(s);
            return new AdminCall(HttpMethod.Delete, $"/api/admin/users/{grant.UserId}/oauth-grants/{grant.Client.ClientId}", null);
        });
        yield return new("listUserRefreshTokenFamilies", HttpStatusCode.OK, async s =>
            new AdminCall(HttpMethod.Get, $"/api/admin/users/{(await AdminOAuthTests.NewGrantAsync(s)).UserId}/refresh-token-families", null));
        yield return new("revokeUserRefreshTokenFamily", HttpStatusCode.NoContent, async s =>
        {
            var grant = await AdminOAuthTests.NewGrantAsync(s);
            var families = await (await s.Owner.GetAsync($"/api/admin/users/{grant.UserId}/refresh-token-families")).ReadJsonAsync();
            return new AdminCall(HttpMethod.Delete, $"/api/admin/users/{grant.UserId}/refresh-token-families/{families.GetProperty("items")[0].GetProperty("familyId").GetString()}", null);
        });
        yield return new("listSigningKeys", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Get, "/api/admin/signing-keys", null)));
        yield return new("rotateSigningKey", HttpStatusCode.OK, _ => Task.FromResult(new AdminCall(HttpMethod.Post, "/api/admin/signing-keys/rotate", null)));
    }

    public static IEnumerable<TestCaseData> Cases() =>
        Endpoints().SelectMany(e => Roles.Select(role => new TestCaseData(e, role).SetName($"{e.Name}_as_{role}")));

    [TestCaseSource(nameof(Cases))]
    public async Task Only_owners_and_admins_may_call_the_admin_api(EndpointCase endpoint, string role)
    {
        var server = AdminServer.Current;
        var call = await endpoint.Prepare(server);
        using var anonymous = role == "anonymous" ? server.App.NewClient() : null;
        var client = anonymous ?? server.ClientFor(role);
        var response = await client.SendRawAsync(call.Method, call.Path, call.Body is null ? null : JsonSerializer.Serialize(call.Body));

        switch (role)
        {
            case "owner" or "admin":
                Assert.That(response.StatusCode, Is.EqualTo(endpoint.Success), await response.Content.ReadAsStringAsync());
                break;
            case "user":
                await response.AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
                break;
            default:
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                break;
        }
    }

    [TestCaseSource(nameof(WriteCases))]
    public async Task Admin_writes_without_the_csrf_header_are_refused(EndpointCase endpoint)
    {
        var server = AdminServer.Current;
        var call = await endpoint.Prepare(server);
        var response = await server.Owner.SendRawAsync(call.Method, call.Path, call.Body is null ? null : JsonSerializer.Serialize(call.Body), csrf: false);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
    }

    public static IEnumerable<TestCaseData> WriteCases() =>
        Endpoints().Where(e => !e.Name.StartsWith("list", StringComparison.Ordinal) && !e.Name.StartsWith("get", StringComparison.Ordinal))
            .Select(e => new TestCaseData(e).SetName($"{e.Name}_without_csrf_header"));

    private static async Task<int> NewProjectAsync(AdminServer server)
    {
        var (projectId, _, _, maintainer) = await AdminProjectsTests.NewProjectAsync(server);
        maintainer.Dispose();
        return projectId;
    }

    private static async Task<string> NewClientAsync(AdminServer server) =>
        (await new OAuth.OAuthFlow(server.App).RegisterPublicAsync(name: "Matrix client")).ClientId;

    private static Task<int> NewOrganizationAsync(AdminServer server) => AdminOrganizationsTests.NewOrganizationAsync(server.Owner);

    private static async Task<(int OrganizationId, int UserId)> NewMembershipAsync(AdminServer server)
    {
        var org = await NewOrganizationAsync(server);
        var user = await NewTargetAsync(server);
        await AdminOrganizationsTests.AddMemberAsync(server.Owner, org, user, "member");
        return (org, user);
    }

    private static Task<int> NewTargetAsync(AdminServer server) => AdminTest.CreateUserAsync(server.Owner, AdminTest.UniqueEmail("target"));

    /// <summary>A fresh plain user holding one personal API token (made through POST /api/me/tokens).</summary>
    private static async Task<(int UserId, long TokenId)> NewTokenHolderAsync(AdminServer server)
    {
        var email = AdminTest.UniqueEmail("holder");
        var id = await AdminTest.CreateUserAsync(server.Owner, email);
        using var holder = await AdminTest.SignInAsync(server.App, email);
        var created = await holder.PostJsonAsync("/api/me/tokens", new { name = "matrix" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return (id, (await created.ReadJsonAsync()).GetProperty("id").GetInt64());
    }

    private static async Task<(int UserId, long SessionId)> NewSignedInTargetAsync(AdminServer server)
    {
        var email = AdminTest.UniqueEmail("target");
        var id = await AdminTest.CreateUserAsync(server.Owner, email);
        using var target = await AdminTest.SignInAsync(server.App, email);
        var sessions = await (await server.Owner.GetAsync($"/api/admin/users/{id}/sessions")).ReadJsonAsync();
        return (id, sessions.GetProperty("items")[0].GetProperty("id").GetInt64());
    }
}
