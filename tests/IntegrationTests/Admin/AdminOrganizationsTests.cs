using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Domain.Organizations;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>The organizations part of the admin API (organizations, members, tasks) on the shared admin server.</summary>
public sealed class AdminOrganizationsTests
{
    private static AdminServer Server => AdminServer.Current;

    public static async Task<int> NewOrganizationAsync(TestClient caller, string? name = null)
    {
        var response = await caller.PostJsonAsync("/api/admin/organizations", new { name = name ?? "Org " + Guid.NewGuid().ToString("N") });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt32();
    }

    public static async Task AddMemberAsync(TestClient caller, int organizationId, int userId, string role)
    {
        var response = await caller.PostJsonAsync($"/api/admin/organizations/{organizationId}/members", new { userId, role });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Tasks are created by members over MCP; the admin API only reads them, so the tests store
    /// them through the domain factory (same rules) instead of running an OAuth flow.
    /// </summary>
    public static async Task<(int OrganizationId, int TaskId)> NewTaskAsync(AdminServer server, string title, int? organizationId = null, WorkTaskStatus status = WorkTaskStatus.Todo)
    {
        var org = organizationId ?? await NewOrganizationAsync(server.Owner);
        await using var db = server.App.CreateDbContext();
        var task = WorkTask.Create(org, title, """{"text":"details"}""", status, "ada", server.AdminId, DateTimeOffset.UtcNow);
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return (org, task.Id);
    }

    [Test]
    public async Task Create_organization_answers_201_with_a_location_that_resolves_with_counts()
    {
        var name = "Located " + Guid.NewGuid().ToString("N")[..8];
        var response = await Server.Admin.PostJsonAsync("/api/admin/organizations", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var location = response.Headers.Location!.OriginalString;
        var fetched = await (await Server.Admin.GetAsync(location)).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fetched.GetProperty("name").GetString(), Is.EqualTo(name));
            Assert.That(fetched.GetProperty("memberCount").GetInt32(), Is.Zero);
            Assert.That(fetched.GetProperty("taskCount").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task List_organizations_searches_and_pages_with_a_total()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await NewOrganizationAsync(Server.Owner, $"Search {marker} {i}"));
        }

        var first = await (await Server.Admin.GetAsync($"/api/admin/organizations?search={marker.ToUpperInvariant()}&pageSize=2")).ReadJsonAsync();
        var second = await (await Server.Admin.GetAsync($"/api/admin/organizations?search={marker}&pageSize=2&page=2")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("total").GetInt32(), Is.EqualTo(3));
            Assert.That(first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(o => o.GetProperty("id").GetInt32()),
                Is.EqualTo(ids));
        });
    }

    [Test]
    public async Task Update_organization_renames_and_changes_the_slug_and_refuses_a_taken_slug()
    {
        var id = await NewOrganizationAsync(Server.Owner);
        var other = await NewOrganizationAsync(Server.Owner);
        var otherSlug = (await (await Server.Owner.GetAsync($"/api/admin/organizations/{other}")).ReadJsonAsync()).GetProperty("slug").GetString();
        var slug = "renamed-" + Guid.NewGuid().ToString("N")[..8];

        var updated = await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{id}", new { name = "  Renamed  ", slug });
        var json = await updated.ReadJsonAsync();
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.That((json.GetProperty("name").GetString(), json.GetProperty("slug").GetString()), Is.EqualTo(("Renamed", slug)));

        await (await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{id}", new { slug = otherSlug })).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "slug already in use");
        await (await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{id}", new { slug = "Not A Slug" })).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{id}", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await Server.Admin.PatchJsonAsync("/api/admin/organizations/999999", new { name = "X" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "organization not found");
    }

    [Test]
    public async Task Delete_refuses_a_non_empty_organization_unless_cascading()
    {
        var id = await NewOrganizationAsync(Server.Owner);
        var user = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("orgdel"));
        await AddMemberAsync(Server.Owner, id, user, "member");
        await NewTaskAsync(Server, "Keeps it busy", id);

        var problem = await (await Server.Admin.DeleteAsync($"/api/admin/organizations/{id}")).AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        var details = problem.GetProperty("error").GetProperty("details");
        Assert.Multiple(() =>
        {
            Assert.That(details.GetProperty("reason").GetString(), Is.EqualTo("not_empty"));
            Assert.That(details.GetProperty("members").GetInt32(), Is.EqualTo(1));
            Assert.That(details.GetProperty("tasks").GetInt32(), Is.EqualTo(1));
        });
        Assert.That((await Server.Admin.GetAsync($"/api/admin/organizations/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still there");

        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/organizations/{id}?cascade=true")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Server.Admin.GetAsync($"/api/admin/organizations/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await using var db = Server.App.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(await db.OrganizationMembers.CountAsync(m => m.OrganizationId == id), Is.Zero);
            Assert.That(await db.Tasks.CountAsync(t => t.OrganizationId == id), Is.Zero);
        });
        await (await Server.Admin.DeleteAsync($"/api/admin/organizations/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task Delete_removes_an_empty_organization()
    {
        var id = await NewOrganizationAsync(Server.Owner);
        Assert.That((await Server.Owner.DeleteAsync($"/api/admin/organizations/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Server.Owner.GetAsync($"/api/admin/organizations/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task Members_are_added_listed_changed_and_removed()
    {
        var org = await NewOrganizationAsync(Server.Owner);
        var email = AdminTest.UniqueEmail("member");
        var user = await AdminTest.CreateUserAsync(Server.Owner, email, name: "Member Name");

        var added = await Server.Admin.PostJsonAsync($"/api/admin/organizations/{org}/members", new { userId = user, role = "member" });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(added.Headers.Location?.OriginalString, Is.EqualTo($"/api/admin/organizations/{org}/members/{user}"));
        var fetched = await (await Server.Admin.GetAsync(added.Headers.Location!.OriginalString)).ReadJsonAsync();
        Assert.That((fetched.GetProperty("email").GetString(), fetched.GetProperty("name").GetString(), fetched.GetProperty("role").GetString()),
            Is.EqualTo((email, "Member Name", "member")));

        var list = await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/members")).ReadJsonAsync();
        Assert.That(list.GetProperty("total").GetInt32(), Is.EqualTo(1));
        Assert.That(list.GetProperty("items")[0].GetProperty("userId").GetInt32(), Is.EqualTo(user));

        var changed = await (await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{org}/members/{user}", new { role = "owner" })).ReadJsonAsync();
        Assert.That(changed.GetProperty("role").GetString(), Is.EqualTo("owner"));
        await (await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{org}/members/{user}", new { role = "king" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "role must be one of owner, admin, member");

        Assert.That((await Server.Admin.DeleteAsync($"/api/admin/organizations/{org}/members/{user}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Server.Admin.DeleteAsync($"/api/admin/organizations/{org}/members/{user}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "member not found");
        await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/members/{user}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await using var db = Server.App.CreateDbContext();
        Assert.That(await db.OrganizationMembers.CountAsync(m => m.OrganizationId == org), Is.Zero);
    }

    [Test]
    public async Task Adding_a_member_twice_is_a_conflict_and_unknown_ids_are_404()
    {
        var org = await NewOrganizationAsync(Server.Owner);
        var user = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("twice"));
        await AddMemberAsync(Server.Admin, org, user, "admin");
        await (await Server.Admin.PostJsonAsync($"/api/admin/organizations/{org}/members", new { userId = user, role = "member" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await Server.Admin.GetAsync("/api/admin/organizations/999999/members")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "organization not found");
        await (await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{org}/members/999999", new { role = "member" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "member not found");
    }

    [Test]
    public async Task Tasks_of_an_organization_are_listed_newest_first_filtered_and_read_without_membership()
    {
        var org = await NewOrganizationAsync(Server.Owner);
        var (_, older) = await NewTaskAsync(Server, "Older", org);
        var (_, done) = await NewTaskAsync(Server, "Done one", org, WorkTaskStatus.Done);
        var (_, elsewhere) = await NewTaskAsync(Server, "Elsewhere");

        var list = await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/tasks")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(list.GetProperty("total").GetInt32(), Is.EqualTo(2));
            Assert.That(list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(new[] { done, older }));
            Assert.That(list.GetProperty("items")[0].GetProperty("status").GetString(), Is.EqualTo("DONE"));
            Assert.That(list.GetProperty("items")[0].GetProperty("description").GetProperty("text").GetString(), Is.EqualTo("details"));
        });
        var onlyDone = await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/tasks?status=DONE")).ReadJsonAsync();
        Assert.That(onlyDone.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(new[] { done }));
        await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/tasks?status=done")).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var detail = await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/tasks/{older}")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("title").GetString(), Is.EqualTo("Older"));
            Assert.That(detail.GetProperty("owners")[0].GetProperty("userId").GetInt32(), Is.EqualTo(Server.AdminId));
            Assert.That(detail.GetProperty("owners")[0].GetProperty("user").GetProperty("name").GetString(), Is.EqualTo("Fixture Admin"));
            Assert.That(detail.GetProperty("subtasks").GetArrayLength(), Is.Zero);
            Assert.That(detail.GetProperty("parent").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        await (await Server.Admin.GetAsync($"/api/admin/organizations/{org}/tasks/{elsewhere}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "task not found");
        await (await Server.Admin.GetAsync("/api/admin/organizations/999999/tasks")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Test]
    public async Task Organization_writes_are_audited()
    {
        var org = await NewOrganizationAsync(Server.Admin, "Audited org " + Guid.NewGuid().ToString("N")[..6]);
        var user = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("audorg"));
        await AddMemberAsync(Server.Admin, org, user, "member");
        await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{org}/members/{user}", new { role = "admin" });
        await Server.Admin.DeleteAsync($"/api/admin/organizations/{org}/members/{user}");
        await Server.Admin.PatchJsonAsync($"/api/admin/organizations/{org}", new { name = "Audited renamed" });
        await Server.Admin.DeleteAsync($"/api/admin/organizations/{org}");

        var page = await (await Server.Owner.GetAsync($"/api/admin/audit-log?targetType=organization&targetId={org}")).ReadJsonAsync();
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.That(entries.Select(e => e.GetProperty("action").GetString()), Is.EqualTo(new[]
        {
            "organization.delete", "organization.update", "organization.member_remove", "organization.member_role_change",
            "organization.member_add", "organization.create",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.GetProperty("actorUserId").GetInt32()), Is.All.EqualTo(Server.AdminId));
            Assert.That(entries[0].GetProperty("summary").GetProperty("cascade").GetBoolean(), Is.False);
            Assert.That(entries[3].GetProperty("summary").GetProperty("role").GetString(), Is.EqualTo("admin"));
        });
    }
}
