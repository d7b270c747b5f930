using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.McpJsonRpc;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Organizations;

/// <summary>POST/GET /api/admin/organizations and POST …/{id}/members (session cookie, owner/admin only).</summary>
public sealed class OrganizationAdminApiTests
{
    private PlatformApp _app = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new PlatformApp();
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _owner.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Create_organization_returns_201_with_location_and_derived_slug()
    {
        var name = McpTestHost.Unique("Acme Corp");

        var response = await _owner.PostJsonAsync("/api/admin/organizations", new { name });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        var id = json.GetProperty("id").GetInt32();
        Assert.Multiple(() =>
        {
            Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "name", "slug", "createdAt" }));
            Assert.That(json.GetProperty("name").GetString(), Is.EqualTo(name));
            Assert.That(json.GetProperty("slug").GetString(), Is.EqualTo(name.ToLowerInvariant().Replace(' ', '-')));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/admin/organizations/{id}"));
        });
    }

    [Test]
    public async Task Create_organization_with_an_explicit_slug_and_conflict_on_reuse()
    {
        var slug = McpTestHost.Unique("team").ToLowerInvariant();

        var first = await _owner.PostJsonAsync("/api/admin/organizations", new { name = "Team", slug });
        var second = await _owner.PostJsonAsync("/api/admin/organizations", new { name = "Other", slug });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await first.ReadJsonAsync()).GetProperty("slug").GetString(), Is.EqualTo(slug));
        var problem = await second.ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("CONFLICT"));
        });
    }

    [TestCase("{\"slug\":\"x\"}", "name")]
    [TestCase("{\"name\":\"  \"}", "name")]
    [TestCase("{\"name\":\"Ok\",\"slug\":\"Not A Slug\"}", "slug")]
    [TestCase("{\"name\":\"Ok\",\"slug\":\"-x\"}", "slug")]
    [TestCase("{\"name\":\"!!!\"}", "slug")]
    public async Task Create_organization_rejects_invalid_input_naming_the_field(string body, string field)
    {
        var response = await _owner.SendRawAsync(HttpMethod.Post, "/api/admin/organizations", body);

        var problem = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("VALIDATION_ERROR"));
        Assert.That(problem.GetProperty("error").GetProperty("details").GetProperty("field").GetString(), Is.EqualTo(field));
    }

    [Test]
    public async Task List_organizations_shows_every_organization_to_an_admin()
    {
        var created = await _owner.PostJsonAsync("/api/admin/organizations", new { name = McpTestHost.Unique("Listed") });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();

        var response = await _owner.GetAsync("/api/admin/organizations?pageSize=200");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await response.ReadJsonAsync();
        Assert.That(list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()), Does.Contain(id));
    }

    [Test]
    public async Task Add_member_returns_201_and_stores_the_role()
    {
        var orgId = (await (await _owner.PostJsonAsync("/api/admin/organizations", new { name = McpTestHost.Unique("Members") })).ReadJsonAsync())
            .GetProperty("id").GetInt32();
        var (client, userId) = await _app.CreateUserAsync(_owner, $"{McpTestHost.Unique("m")}@example.com");
        client.Dispose();

        var response = await _owner.PostJsonAsync($"/api/admin/organizations/{orgId}/members", new { userId, role = "admin" });
        var again = await _owner.PostJsonAsync($"/api/admin/organizations/{orgId}/members", new { userId, role = "member" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("organizationId").GetInt32(), Is.EqualTo(orgId));
            Assert.That(json.GetProperty("userId").GetInt32(), Is.EqualTo(userId));
            Assert.That(json.GetProperty("role").GetString(), Is.EqualTo("admin"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
        await using var db = _app.CreateDbContext();
        Assert.That(await db.OrganizationMembers.CountAsync(m => m.OrganizationId == orgId && m.UserId == userId), Is.EqualTo(1));
    }

    [Test]
    public async Task Add_member_rejects_unknown_organization_user_and_role()
    {
        var orgId = (await (await _owner.PostJsonAsync("/api/admin/organizations", new { name = McpTestHost.Unique("Checks") })).ReadJsonAsync())
            .GetProperty("id").GetInt32();
        var (client, userId) = await _app.CreateUserAsync(_owner, $"{McpTestHost.Unique("c")}@example.com");
        client.Dispose();

        var unknownOrg = await _owner.PostJsonAsync("/api/admin/organizations/999999/members", new { userId, role = "member" });
        var unknownUser = await _owner.PostJsonAsync($"/api/admin/organizations/{orgId}/members", new { userId = 999999, role = "member" });
        var badRole = await _owner.PostJsonAsync($"/api/admin/organizations/{orgId}/members", new { userId, role = "king" });
        var noUser = await _owner.PostJsonAsync($"/api/admin/organizations/{orgId}/members", new { role = "member" });

        Assert.Multiple(() =>
        {
            Assert.That(unknownOrg.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknownUser.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badRole.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noUser.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Only_system_owners_and_admins_may_use_the_organization_api()
    {
        var (user, _) = await _app.CreateUserAsync(_owner, $"{McpTestHost.Unique("plain")}@example.com");
        using var anonymous = _app.NewClient();
        using (user)
        {
            Assert.That((await user.PostJsonAsync("/api/admin/organizations", new { name = "Nope" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await user.GetAsync("/api/admin/organizations")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        Assert.That((await anonymous.PostJsonAsync("/api/admin/organizations", new { name = "Nope" })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.GetAsync("/api/admin/organizations")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var (admin, _) = await _app.CreateUserAsync(_owner, $"{McpTestHost.Unique("admin")}@example.com", role: "admin");
        using (admin)
        {
            Assert.That((await admin.PostJsonAsync("/api/admin/organizations", new { name = McpTestHost.Unique("ByAdmin") })).StatusCode,
                Is.EqualTo(HttpStatusCode.Created));
        }
    }

    [Test]
    public async Task Writes_need_the_csrf_header()
    {
        var response = await _owner.PostJsonAsync("/api/admin/organizations", new { name = McpTestHost.Unique("Csrf") }, csrf: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
