using System.Net;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>The projects part of the admin API: every project, its members, and handing maintainership over.</summary>
public sealed class AdminProjectsTests
{
    private static AdminServer Server => AdminServer.Current;

    /// <summary>A project created by a fresh plain user (its maintainer); the admins are not members.</summary>
    public static async Task<(int ProjectId, string Slug, int MaintainerId, TestClient Maintainer)> NewProjectAsync(AdminServer server, string? name = null)
    {
        var email = AdminTest.UniqueEmail("maintainer");
        var maintainerId = await AdminTest.CreateUserAsync(server.Owner, email, name: "Maintainer");
        var maintainer = await AdminTest.SignInAsync(server.App, email);
        var response = await maintainer.PostJsonAsync("/api/projects", new { name = name ?? "Project " + Guid.NewGuid().ToString("N")[..8] });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return (json.GetProperty("id").GetInt32(), json.GetProperty("slug").GetString()!, maintainerId, maintainer);
    }

    /// <summary>members.add through the /mcp envelope, as a maintainer of the project.</summary>
    public static async Task AddProjectMemberAsync(TestClient maintainer, string slug, int userId, string role)
    {
        var body = JsonSerializer.Serialize(new { tool = "members.add", input = new { projectSlug = slug, userId, role } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await maintainer.Http.SendAsync(request);
        var json = await response.ReadJsonAsync();
        Assert.That(json.GetProperty("ok").GetBoolean(), Is.True, json.ToString());
    }

    private static async Task<Dictionary<int, string>> RolesAsync(int projectId)
    {
        var page = await (await Server.Admin.GetAsync($"/api/admin/projects/{projectId}/members")).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetInt32(), m => m.GetProperty("role").GetString()!);
    }

    [Test]
    public async Task Admins_see_every_project_with_counts_without_being_members()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var (id, slug, maintainerId, maintainer) = await NewProjectAsync(Server, $"Listed {marker}");
        using var _ = maintainer;
        var contributor = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("contrib"));
        await AddProjectMemberAsync(maintainer, slug, contributor, "contributor");

        var list = await (await Server.Admin.GetAsync($"/api/admin/projects?search={marker.ToUpperInvariant()}")).ReadJsonAsync();
        Assert.That(list.GetProperty("total").GetInt32(), Is.EqualTo(1));
        var item = list.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("id").GetInt32(), Is.EqualTo(id));
            Assert.That(item.GetProperty("slug").GetString(), Is.EqualTo(slug));
            Assert.That(item.GetProperty("creatorUserId").GetInt32(), Is.EqualTo(maintainerId));
            Assert.That(item.GetProperty("memberCount").GetInt32(), Is.EqualTo(2));
            Assert.That(item.GetProperty("maintainerCount").GetInt32(), Is.EqualTo(1));
            Assert.That(item.GetProperty("todoCount").GetInt32(), Is.Zero);
        });

        var fetched = await (await Server.Admin.GetAsync($"/api/admin/projects/{id}")).ReadJsonAsync();
        Assert.That(fetched.GetProperty("name").GetString(), Is.EqualTo($"Listed {marker}"));
        Assert.That(await RolesAsync(id), Is.EqualTo(new Dictionary<int, string> { [maintainerId] = "maintainer", [contributor] = "contributor" }));

        await (await Server.Admin.GetAsync("/api/admin/projects/999999")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "project not found");
        await (await Server.Admin.GetAsync("/api/admin/projects/999999/members")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task Transferring_maintainership_to_a_non_member_adds_them_and_demotes_the_previous_maintainer()
    {
        var (id, slug, previous, maintainer) = await NewProjectAsync(Server);
        using var _ = maintainer;
        var next = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("next"));

        var response = await Server.Admin.PostJsonAsync($"/api/admin/projects/{id}/maintainership", new { userId = next });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("joined").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("demotedUserIds").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { previous }));
            Assert.That(json.GetProperty("members").GetArrayLength(), Is.EqualTo(2));
        });
        Assert.That(await RolesAsync(id), Is.EqualTo(new Dictionary<int, string> { [previous] = "contributor", [next] = "maintainer" }));

        // The former maintainer lost the maintainer-only rights (project tags need a maintainer).
        var tag = await maintainer.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "after-transfer" });
        Assert.That(tag.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), await tag.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Transferring_while_keeping_previous_maintainers_promotes_an_existing_member()
    {
        var (id, slug, previous, maintainer) = await NewProjectAsync(Server);
        using var _ = maintainer;
        var viewer = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("viewer"));
        await AddProjectMemberAsync(maintainer, slug, viewer, "viewer");

        var json = await (await Server.Owner.PostJsonAsync($"/api/admin/projects/{id}/maintainership", new { userId = viewer, keepPreviousMaintainers = true })).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("joined").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("demotedUserIds").GetArrayLength(), Is.Zero);
        });
        Assert.That(await RolesAsync(id), Is.EqualTo(new Dictionary<int, string> { [previous] = "maintainer", [viewer] = "maintainer" }));
    }

    [Test]
    public async Task Transfer_refuses_unknown_or_disabled_users_and_bad_bodies()
    {
        var (id, _, _, maintainer) = await NewProjectAsync(Server);
        using var _ = maintainer;
        var disabled = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("gone"));
        await Server.Owner.PostAsync($"/api/admin/users/{disabled}/disable");

        await (await Server.Admin.PostJsonAsync($"/api/admin/projects/{id}/maintainership", new { userId = disabled }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "user not found");
        await (await Server.Admin.PostJsonAsync($"/api/admin/projects/{id}/maintainership", new { userId = 999999 }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "user not found");
        await (await Server.Admin.PostJsonAsync($"/api/admin/projects/{id}/maintainership", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "userId is required");
        await (await Server.Admin.PostJsonAsync("/api/admin/projects/999999/maintainership", new { userId = disabled }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "project not found");
    }

    [Test]
    public async Task Transfers_are_audited()
    {
        var (id, _, previous, maintainer) = await NewProjectAsync(Server);
        using var _ = maintainer;
        var next = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("audnext"));
        await Server.Admin.PostJsonAsync($"/api/admin/projects/{id}/maintainership", new { userId = next });

        var page = await (await Server.Owner.GetAsync($"/api/admin/audit-log?targetType=project&targetId={id}")).ReadJsonAsync();
        var entry = page.GetProperty("items").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("project.transfer_maintainership"));
            Assert.That(entry.GetProperty("actorUserId").GetInt32(), Is.EqualTo(Server.AdminId));
            Assert.That(entry.GetProperty("summary").GetProperty("userId").GetInt32(), Is.EqualTo(next));
            Assert.That(entry.GetProperty("summary").GetProperty("demotedUserIds")[0].GetInt32(), Is.EqualTo(previous));
        });
    }
}
