using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Boards.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>The five member tools and the membership invariants.</summary>
public sealed class MembersTests : BoardsFixture
{
    [Test]
    public async Task MCPMembersListSuccess()
    {
        var slug = await NewProjectAsync();
        var response = await CallAsync(Owner, "members.list", new { projectSlug = slug });
        var items = response.AssertOk().GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        var member = items[0];
        Assert.That(McpResponse.Keys(member), Is.EqualTo(new[] { "projectSlug", "userId", "email", "name", "role", "createdAt" }));
        Assert.That(member.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(member.GetProperty("userId").GetInt32(), Is.EqualTo(OwnerId));
        Assert.That(member.GetProperty("email").GetString(), Is.EqualTo("owner@example.com"));
        Assert.That(member.GetProperty("name").GetString(), Is.EqualTo("Owner"));
        Assert.That(member.GetProperty("role").GetString(), Is.EqualTo("maintainer"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task MCPMembersListNormalizesLegacyStoredRoles()
    {
        var slug = await NewProjectAsync();
        var (_, a) = await NewMemberAsync(slug, "viewer");
        var (_, b) = await NewMemberAsync(slug, "viewer");
        var (_, c) = await NewMemberAsync(slug, "viewer");
        await SetStoredRoleAsync(slug, a, "owner");
        await SetStoredRoleAsync(slug, b, "editor");
        await SetStoredRoleAsync(slug, c, "OWNER");
        var roles = (await CallAsync(Owner, "members.list", new { projectSlug = slug })).AssertOk().GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("role").GetString());
        Assert.That(roles, Is.EqualTo(new[] { "maintainer", "maintainer", "contributor", "maintainer" }));
    }

    [Test]
    public async Task MCPMembersListAvailableSuccess()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewUserAsync("Available Person");
        var items = (await CallAsync(Owner, "members.listAvailable", new { projectSlug = slug })).AssertOk().GetProperty("items");
        var candidate = items.EnumerateArray().Single(i => i.GetProperty("userId").GetInt32() == userId);
        Assert.That(McpResponse.Keys(candidate), Is.EqualTo(new[] { "userId", "email", "name", "systemRole", "isBootstrap", "createdAt" }));
        Assert.That(candidate.GetProperty("name").GetString(), Is.EqualTo("Available Person"));
        Assert.That(candidate.GetProperty("systemRole").GetString(), Is.EqualTo("user"));
        Assert.That(candidate.GetProperty("isBootstrap").GetBoolean(), Is.False);
        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("userId").GetInt32()), Does.Not.Contain(OwnerId).And.Ordered);

        (await CallAsync(Owner, "members.add", new { projectSlug = slug, userId, role = "viewer" })).AssertOk();
        var after = (await CallAsync(Owner, "members.listAvailable", new { projectSlug = slug })).AssertOk().GetProperty("items");
        Assert.That(after.EnumerateArray().Select(i => i.GetProperty("userId").GetInt32()), Does.Not.Contain(userId));
    }

    [Test]
    public async Task MCPMembersListAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "members.list", new { projectSlug = "x" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool");
    }

    [Test]
    public async Task MCPMembersListAvailablePermissionFailure()
    {
        var slug = await NewProjectAsync();
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        (await CallAsync(viewer, "members.listAvailable", new { projectSlug = slug })).AssertMaintainerRequired();
    }

    [Test]
    public async Task MCPMembersAddSuccess()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewUserAsync("New Member");
        var response = await CallAsync(Owner, "members.add", new { projectSlug = slug, userId, role = " Contributor " });
        var member = response.AssertOk().GetProperty("member");
        Assert.That(member.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(member.GetProperty("userId").GetInt32(), Is.EqualTo(userId));
        Assert.That(member.GetProperty("email").GetString(), Does.EndWith("@example.com"));
        Assert.That(member.GetProperty("role").GetString(), Is.EqualTo("contributor"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task MCPMembersAddDuplicateConflict()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewMemberAsync(slug, "viewer");
        (await CallAsync(Owner, "members.add", new { projectSlug = slug, userId, role = "maintainer" })).AssertConflict("conflict: user is already a member");
    }

    [TestCase("owner")]
    [TestCase("editor")]
    [TestCase("admin")]
    public async Task MCPMembersAddUnsupportedRole(string role) =>
        (await CallAsync(Owner, "members.add", new { projectSlug = "demo", userId = 5, role })).AssertValidation("unsupported role", new { field = "role" });

    [Test]
    public async Task Members_add_field_checks_in_order()
    {
        (await CallAsync(Owner, "members.add", new { userId = 5, role = "viewer" })).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await CallAsync(Owner, "members.add", new { projectSlug = "demo", userId = 0, role = "owner" })).AssertValidation("invalid userId", new { field = "userId" });
        (await CallAsync(Owner, "members.add", new { projectSlug = "demo", userId = 5, role = " " })).AssertValidation("missing role", new { field = "role" });
        (await CallAsync(Owner, "members.add", new { projectSlug = "demo", userId = 5 })).AssertValidation("missing role", new { field = "role" });
    }

    [Test]
    public async Task MCPMembersAddUserNotFound()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "members.add", new { projectSlug = slug, userId = 999999999, role = "viewer" })).AssertNotFound();
    }

    [Test]
    public async Task MCPMembersAddAuthFailure_and_PermissionFailure()
    {
        var slug = await NewProjectAsync();
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "members.add", new { projectSlug = slug, userId = 1, role = "viewer" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        var (_, target) = await NewUserAsync();
        (await CallAsync(viewer, "members.add", new { projectSlug = slug, userId = target, role = "viewer" })).AssertMaintainerRequired();
    }

    [Test]
    public async Task MCPMembersUpdateRoleSuccess()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewMemberAsync(slug, "contributor");
        var response = await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId, role = "viewer" });
        var member = response.AssertOk().GetProperty("member");
        Assert.That(member.GetProperty("role").GetString(), Is.EqualTo("viewer"));
        Assert.That(member.GetProperty("userId").GetInt32(), Is.EqualTo(userId));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task MCPMembersUpdateRoleUnchangedNoOp()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewMemberAsync(slug, "contributor");
        var member = (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId, role = "contributor" })).AssertOk().GetProperty("member");
        Assert.That(member.GetProperty("role").GetString(), Is.EqualTo("contributor"));
    }

    [Test]
    public async Task MCPMembersUpdateRoleUnsupportedRole() =>
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = "demo", userId = 3, role = "owner" })).AssertValidation("unsupported role", new { field = "role" });

    [Test]
    public async Task MCPMembersUpdateRoleTargetNotMember()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewUserAsync();
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId, role = "viewer" })).AssertNotFound();
    }

    [Test]
    public async Task MCPMembersUpdateRoleAuthFailure_and_PermissionFailure()
    {
        var slug = await NewProjectAsync();
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "members.updateRole", new { projectSlug = slug, userId = OwnerId, role = "viewer" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        (await CallAsync(viewer, "members.updateRole", new { projectSlug = slug, userId = OwnerId, role = "viewer" })).AssertMaintainerRequired();
    }

    [Test]
    public async Task MCPMembersUpdateRoleSelfDemotionConflict()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId = OwnerId, role = "contributor" })).AssertConflict("conflict: cannot demote yourself");
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId = OwnerId, role = "maintainer" })).AssertOk();
    }

    [Test]
    public async Task MCPMembersUpdateRoleLastMaintainerDemotionConflict()
    {
        var slug = await NewProjectAsync();
        var (m2, m2Id) = await NewMemberAsync(slug, "contributor");
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId = m2Id, role = "maintainer" })).AssertOk();
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId = m2Id, role = "contributor" })).AssertOk();
        (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId = m2Id, role = "maintainer" })).AssertOk();
        (await CallAsync(m2, "members.updateRole", new { projectSlug = slug, userId = OwnerId, role = "contributor" })).AssertOk();
        (await CallAsync(m2, "members.updateRole", new { projectSlug = slug, userId = m2Id, role = "viewer" })).AssertConflict("conflict: cannot demote yourself");
        var roles = (await CallAsync(m2, "members.list", new { projectSlug = slug })).AssertOk().GetProperty("items").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        Assert.That(roles, Is.EqualTo(new[] { "contributor", "maintainer" }));
    }

    [Test]
    public async Task MCPMembersUpdateRoleLegacyOutputNormalization()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewMemberAsync(slug, "viewer");
        await SetStoredRoleAsync(slug, userId, "owner");
        var member = (await CallAsync(Owner, "members.updateRole", new { projectSlug = slug, userId, role = "maintainer" })).AssertOk().GetProperty("member");
        Assert.That(member.GetProperty("role").GetString(), Is.EqualTo("maintainer"));
        await using var db = App.CreateDbContext();
        var stored = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Database.SqlQuery<string>(
            $"SELECT m.role AS \"Value\" FROM boards.project_members m JOIN boards.projects p ON p.id = m.project_id WHERE p.slug = {slug} AND m.user_id = {userId}"));
        Assert.That(stored, Is.EqualTo("maintainer"));
    }

    [Test]
    public async Task MCPMembersRemoveSuccess()
    {
        var slug = await NewProjectAsync();
        var (member, userId) = await NewMemberAsync(slug, "contributor");
        await CreateTodoAsync(Owner, slug, "assigned", new { assigneeUserId = userId });
        var response = await CallAsync(Owner, "members.remove", new { projectSlug = slug, userId });
        Assert.That(response.AssertOk().GetRawText(), Is.EqualTo($"{{\"removed\":{{\"projectSlug\":\"{slug}\",\"userId\":{userId}}}}}"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
        var todo = (await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 1 })).AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("assigneeUserId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        (await CallAsync(member, "board.get", new { projectSlug = slug })).AssertNotFound();
    }

    [Test]
    public async Task MCPMembersRemoveTargetNotMember()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewUserAsync();
        (await CallAsync(Owner, "members.remove", new { projectSlug = slug, userId })).AssertNotFound();
        (await CallAsync(Owner, "members.remove", new { projectSlug = "demo", userId = 0 })).AssertValidation("invalid userId", new { field = "userId" });
    }

    [Test]
    public async Task MCPMembersRemoveAuthFailure_and_PermissionFailure()
    {
        var slug = await NewProjectAsync();
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "members.remove", new { projectSlug = slug, userId = OwnerId })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
        var (viewer, viewerId) = await NewMemberAsync(slug, "viewer");
        (await CallAsync(viewer, "members.remove", new { projectSlug = slug, userId = viewerId })).AssertMaintainerRequired();
    }

    [Test]
    public async Task MCPMembersRemoveLastMaintainerValidation()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "members.remove", new { projectSlug = slug, userId = OwnerId })).AssertValidation("validation: cannot remove last maintainer", new { });
    }

    [Test]
    public async Task MCPMembersRemoveSelfSuccessWhenNotLastMaintainer()
    {
        var slug = await NewProjectAsync();
        var (m2, m2Id) = await NewMemberAsync(slug, "maintainer");
        var removed = (await CallAsync(m2, "members.remove", new { projectSlug = slug, userId = m2Id })).AssertOk();
        Assert.That(removed.GetProperty("removed").GetProperty("userId").GetInt32(), Is.EqualTo(m2Id));
        (await CallAsync(m2, "members.list", new { projectSlug = slug })).AssertNotFound();
    }

    private async Task SetStoredRoleAsync(string slug, int userId, string role) =>
        await BoardsDatabase.ExecuteAsync(App,
            "UPDATE boards.project_members m SET role = @role FROM boards.projects p WHERE p.id = m.project_id AND p.slug = @slug AND m.user_id = @user",
            ("role", role), ("slug", slug), ("user", userId));
}
