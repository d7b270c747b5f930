using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>The six tag tools: own ("mine") tags with per-user colours, shared project tags with one colour.</summary>
public sealed class TagsTests : BoardsFixture
{
    [Test]
    public async Task MCPTagsListProjectSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Tagged", new { tags = new[] { "mcp" } });
        var response = await CallAsync(Owner, "tags.listProject", new { projectSlug = slug });
        var items = response.AssertOk().GetProperty("items");
        var first = items[0];
        Assert.That(McpResponse.Keys(first), Is.EqualTo(new[] { "tagId", "name", "count", "color", "canDelete" }));
        Assert.That(first.GetProperty("tagId").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(first.GetProperty("name").GetString(), Is.EqualTo("mcp"));
        Assert.That(first.GetProperty("count").GetInt32(), Is.EqualTo(1));
        Assert.That(first.GetProperty("canDelete").GetBoolean(), Is.True);
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task ListProject_counts_todos_per_project_and_orders_by_name()
    {
        var slug = await NewProjectAsync();
        var other = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "a", new { tags = new[] { "zeta", "alpha" } });
        await CreateTodoAsync(Owner, slug, "b", new { tags = new[] { "alpha" } });
        await CreateTodoAsync(Owner, other, "c", new { tags = new[] { "alpha" } });
        await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "shared", color = "#010203" });
        var items = (await CallAsync(Owner, "tags.listProject", new { projectSlug = slug })).AssertOk().GetProperty("items");
        Assert.That(items.EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("count").GetInt32())),
            Is.EqualTo(new[] { ("alpha", 2), ("shared", 0), ("zeta", 1) }));
    }

    [Test]
    public async Task MCPTagsListMineSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Mine", new { tags = new[] { "backend", "mcp" } });
        var items = (await CallAsync(Owner, "tags.listMine")).AssertOk().GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.GreaterThanOrEqualTo(2));
        foreach (var item in items.EnumerateArray())
        {
            Assert.That(McpResponse.Keys(item), Is.EqualTo(new[] { "tagId", "name", "color", "canDelete" }));
            Assert.That(item.GetProperty("canDelete").GetBoolean(), Is.True);
        }

        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("name").GetString()), Is.SupersetOf(new[] { "backend", "mcp" }).And.Ordered);
    }

    [Test]
    public async Task MCPTagsAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "tags.listProject", new { projectSlug = "x" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool");
        (await CallAsync(anonymous, "tags.listMine")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task MCPTagsUpdateMineColorSuccess()
    {
        var (user, _) = await NewUserAsync();
        var slug = await NewProjectAsync(user);
        await CreateTodoAsync(user, slug, "x", new { tags = new[] { "backend" } });
        var tagId = await MineTagIdAsync(user, "backend");
        var tag = (await CallAsync(user, "tags.updateMineColor", new { tagId, color = " #7c3aed " })).AssertOk().GetProperty("tag");
        Assert.That(tag.GetRawText(), Is.EqualTo($"{{\"tagId\":{tagId},\"name\":\"backend\",\"color\":\"#7c3aed\",\"canDelete\":true}}"));
        var mine = (await CallAsync(user, "tags.listMine")).AssertOk().GetProperty("items")[0];
        Assert.That(mine.GetProperty("color").GetString(), Is.EqualTo("#7c3aed"));
        var listed = (await CallAsync(user, "tags.listProject", new { projectSlug = slug })).AssertOk().GetProperty("items")[0];
        Assert.That(listed.GetProperty("color").GetString(), Is.EqualTo("#7c3aed"));
    }

    [Test]
    public async Task Own_tag_colours_are_per_viewer()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x", new { tags = new[] { "personal" } });
        var tagId = await MineTagIdAsync(Owner, "personal");
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "#123456" })).AssertOk();
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        var seen = (await CallAsync(viewer, "tags.listProject", new { projectSlug = slug })).AssertOk().GetProperty("items")[0];
        Assert.That(seen.GetProperty("tagId").GetInt32(), Is.EqualTo(tagId));
        Assert.That(seen.GetProperty("color").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(seen.GetProperty("canDelete").GetBoolean(), Is.False);
        (await CallAsync(viewer, "tags.updateMineColor", new { tagId, color = "#654321" })).AssertNotFound();
    }

    [Test]
    public async Task MCPTagsUpdateMineColorClearSuccess()
    {
        var (user, _) = await NewUserAsync();
        var slug = await NewProjectAsync(user);
        await CreateTodoAsync(user, slug, "x", new { tags = new[] { "clearme" } });
        var tagId = await MineTagIdAsync(user, "clearme");
        (await CallAsync(user, "tags.updateMineColor", new { tagId, color = "#7c3aed" })).AssertOk();
        var cleared = (await CallAsync(user, "tags.updateMineColor", new { tagId, color = (string?)null })).AssertOk().GetProperty("tag");
        Assert.That(cleared.GetProperty("color").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var again = (await CallAsync(user, "tags.updateMineColor", new { tagId })).AssertOk().GetProperty("tag");
        Assert.That(again.GetProperty("color").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That((await CallAsync(user, "tags.listMine")).AssertOk().GetProperty("items")[0].GetProperty("color").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task MCPTagsUpdateMineColor_validation()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x", new { tags = new[] { "colorful" } });
        var tagId = await MineTagIdAsync(Owner, "colorful");
        // MalformedColorValidation
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "purple" })).AssertValidation("validation: invalid tag color \"purple\"", new { });
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "#12345" })).AssertValidation("validation: invalid tag color \"#12345\"", new { });
        // RejectsEmptyStringClear
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "" })).AssertValidation("color cannot be empty; use null to clear", new { field = "color" });
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "  " })).AssertValidation("color cannot be empty; use null to clear", new { field = "color" });
        // MalformedInputValidation
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "#000000", extra = 1 })).AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId = 0, color = "purple" })).AssertValidation("invalid tagId", new { field = "tagId" });
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId = 999999, color = "purple" })).AssertNotFound();
    }

    [Test]
    public async Task MCPTagsUpdateMineColorAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "tags.updateMineColor", new { tagId = 1, color = "#000000" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task MCPTagsDeleteMineSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x", new { tags = new[] { "deleteme", "keep" } });
        var tagId = await MineTagIdAsync(Owner, "deleteme");
        (await CallAsync(Owner, "tags.updateMineColor", new { tagId, color = "#000000" })).AssertOk();
        var response = await CallAsync(Owner, "tags.deleteMine", new { tagId });
        Assert.That(response.AssertOk().GetRawText(), Is.EqualTo($"{{\"deleted\":{{\"tagId\":{tagId}}}}}"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
        var names = (await CallAsync(Owner, "tags.listMine")).AssertOk().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("tagId").GetInt32());
        Assert.That(names, Does.Not.Contain(tagId));
        var todo = (await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 1 })).AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "keep" }));
    }

    [Test]
    public async Task MCPTagsDeleteMineValidationInvalidTagId() =>
        (await CallAsync(Owner, "tags.deleteMine", new { tagId = 0 })).AssertValidation("invalid tagId", new { field = "tagId" });

    [Test]
    public async Task MCPTagsDeleteMineValidationUnknownField() =>
        (await CallAsync(Owner, "tags.deleteMine", new { tagId = 1, projectSlug = "x" })).AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");

    [Test]
    public async Task MCPTagsDeleteMineAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "tags.deleteMine", new { tagId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task MCPTagsDeleteMineNotInViewerLibraryNotFound()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x", new { tags = new[] { "ownersonly" } });
        var tagId = await MineTagIdAsync(Owner, "ownersonly");
        var (other, _) = await NewMemberAsync(slug, "maintainer");
        (await CallAsync(other, "tags.deleteMine", new { tagId })).AssertNotFound();
        Assert.That(await MineTagIdAsync(Owner, "ownersonly"), Is.EqualTo(tagId));
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorSuccess()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "backend");
        var response = await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = slug, tagId, color = "#7c3aed" });
        var tag = response.AssertOk().GetProperty("tag");
        Assert.That(tag.GetRawText(), Is.EqualTo($"{{\"tagId\":{tagId},\"name\":\"backend\",\"count\":0,\"color\":\"#7c3aed\",\"canDelete\":true}}"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorVisibleToOtherMemberViaListProject()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "shared");
        (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = slug, tagId, color = "#aabbcc" })).AssertOk();
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        var seen = (await CallAsync(viewer, "tags.listProject", new { projectSlug = slug })).AssertOk().GetProperty("items")[0];
        Assert.That(seen.GetProperty("tagId").GetInt32(), Is.EqualTo(tagId));
        Assert.That(seen.GetProperty("color").GetString(), Is.EqualTo("#aabbcc"));
        Assert.That(seen.GetProperty("canDelete").GetBoolean(), Is.False);
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorPermissionFailure()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "locked");
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        (await CallAsync(viewer, "tags.updateProjectColor", new { projectSlug = slug, tagId, color = "#000000" })).AssertMaintainerRequired();
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorWrongProjectNotFound()
    {
        var a = await NewProjectAsync();
        var b = await NewProjectAsync();
        var tagOfB = await ProjectTagAsync(b, "elsewhere");
        (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = a, tagId = tagOfB, color = "#000000" })).AssertNotFound();
        await CreateTodoAsync(Owner, a, "x", new { tags = new[] { "usertag" } });
        var owned = await MineTagIdAsync(Owner, "usertag");
        (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = a, tagId = owned, color = "#000000" })).AssertNotFound();
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorMalformedColorValidation()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "hue");
        (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = slug, tagId, color = "purple" })).AssertValidation("validation: invalid tag color \"purple\"", new { });
        (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = "demo", tagId, color = "" })).AssertValidation("color cannot be empty; use null to clear", new { field = "color" });
        (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = "demo", tagId = -1 })).AssertValidation("invalid tagId", new { field = "tagId" });
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorClearSuccess()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "tinted", "#111111");
        var tag = (await CallAsync(Owner, "tags.updateProjectColor", new { projectSlug = slug, tagId, color = (string?)null })).AssertOk().GetProperty("tag");
        Assert.That(tag.GetProperty("color").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task MCPTagsUpdateProjectColorAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "tags.updateProjectColor", new { projectSlug = "x", tagId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task MCPTagsDeleteProjectSuccess()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "gone");
        var response = await CallAsync(Owner, "tags.deleteProject", new { projectSlug = slug, tagId });
        Assert.That(response.AssertOk().GetRawText(), Is.EqualTo($"{{\"deleted\":{{\"projectSlug\":\"{slug}\",\"tagId\":{tagId}}}}}"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That((await CallAsync(Owner, "tags.listProject", new { projectSlug = slug })).AssertOk().GetProperty("items").GetArrayLength(), Is.EqualTo(0));
    }

    [Test]
    public async Task MCPTagsDeleteProjectWrongProjectNotFound_and_UserOwnedTagNotFound()
    {
        var a = await NewProjectAsync();
        var b = await NewProjectAsync();
        var tagOfB = await ProjectTagAsync(b, "theirs");
        (await CallAsync(Owner, "tags.deleteProject", new { projectSlug = a, tagId = tagOfB })).AssertNotFound();
        await CreateTodoAsync(Owner, a, "x", new { tags = new[] { "ownedtag" } });
        var owned = await MineTagIdAsync(Owner, "ownedtag");
        (await CallAsync(Owner, "tags.deleteProject", new { projectSlug = a, tagId = owned })).AssertNotFound();
    }

    [Test]
    public async Task MCPTagsDeleteProjectValidation()
    {
        (await CallAsync(Owner, "tags.deleteProject", new { projectSlug = "demo", tagId = 0 })).AssertValidation("invalid tagId", new { field = "tagId" });
        (await CallAsync(Owner, "tags.deleteProject", new { projectSlug = "demo", tagId = 1, tagName = "x" })).AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");
    }

    [Test]
    public async Task MCPTagsDeleteProjectPermissionFailure()
    {
        var slug = await NewProjectAsync();
        var tagId = await ProjectTagAsync(slug, "protected");
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        (await CallAsync(viewer, "tags.deleteProject", new { projectSlug = slug, tagId })).AssertMaintainerRequired();
    }

    [Test]
    public async Task MCPTagsDeleteProjectAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "tags.deleteProject", new { projectSlug = "x", tagId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    private async Task<int> MineTagIdAsync(TestClient client, string name) =>
        (await CallAsync(client, "tags.listMine")).AssertOk().GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == name).GetProperty("tagId").GetInt32();

    private async Task<int> ProjectTagAsync(string slug, string name, string? color = null)
    {
        var response = await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name, color });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        return json.GetProperty("tagId").GetInt32();
    }
}
