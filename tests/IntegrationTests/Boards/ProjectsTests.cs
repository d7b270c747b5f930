using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>projects.list and the REST setup endpoints POST /api/projects and POST /api/projects/{slug}/tags.</summary>
public sealed class ProjectsTests : BoardsFixture
{
    [Test]
    public async Task MCPProjectsListRequiresAuthAfterBootstrap()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "projects.list")).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool", new { });
    }

    [Test]
    public async Task MCPProjectsListSuccessWithAuthenticatedSession()
    {
        var (user, _) = await NewUserAsync();
        var slug = await NewProjectAsync(user, "MCP Project");
        var response = await CallAsync(user, "projects.list");
        var items = response.AssertOk().GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        var item = items[0];
        Assert.That(McpResponse.Keys(item), Is.EqualTo(new[]
        {
            "projectSlug", "projectId", "name", "image", "dominantColor", "defaultSprintWeeks", "expiresAt", "createdAt", "updatedAt", "role",
        }));
        Assert.That(item.GetProperty("projectSlug").GetString(), Is.EqualTo(slug).And.Not.Empty);
        Assert.That(item.GetProperty("name").GetString(), Is.EqualTo("MCP Project"));
        Assert.That(item.GetProperty("image").GetString(), Is.EqualTo("/scrumboy.png"));
        Assert.That(item.GetProperty("dominantColor").GetString(), Is.EqualTo("#888888"));
        Assert.That(item.GetProperty("defaultSprintWeeks").GetInt32(), Is.EqualTo(2));
        Assert.That(item.GetProperty("expiresAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(item.GetProperty("role").GetString(), Is.EqualTo("maintainer"));
        Assert.That(item.GetProperty("createdAt").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$"));
        Assert.That(response.Meta.GetRawText(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task Projects_list_shows_only_memberships_most_recently_updated_first()
    {
        var (user, userId) = await NewUserAsync();
        var first = await NewProjectAsync(user);
        var second = await NewProjectAsync(user);
        var foreign = await NewProjectAsync(Owner);
        (await CallAsync(Owner, "members.add", new { projectSlug = foreign, userId, role = "viewer" })).AssertOk();

        var slugs = await ListSlugsAsync(user);
        Assert.That(slugs, Is.EqualTo(new[] { foreign, second, first }));

        await CreateTodoAsync(user, first, "bump");
        Assert.That(await ListSlugsAsync(user), Is.EqualTo(new[] { first, foreign, second }));
        var roles = (await CallAsync(user, "projects.list")).AssertOk().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("role").GetString());
        Assert.That(roles, Is.EqualTo(new[] { "maintainer", "viewer", "maintainer" }));
    }

    [Test]
    public async Task System_roles_never_grant_project_access()
    {
        var (user, _) = await NewUserAsync();
        var slug = await NewProjectAsync(user);
        Assert.That(await ListSlugsAsync(Owner), Does.Not.Contain(slug));
        (await CallAsync(Owner, "board.get", new { projectSlug = slug })).AssertNotFound();
        (await CallAsync(Owner, "todos.search", new { projectSlug = slug })).AssertNotFound();
    }

    [Test]
    public async Task Create_project_returns_201_with_the_project_in_section_11_order_and_makes_the_caller_maintainer()
    {
        var response = await Owner.PostJsonAsync("/api/projects", new { name = "  VO2 Max Coach  " });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "id", "name", "image", "dominantColor", "defaultSprintWeeks", "expiresAt", "creatorUserId", "slug", "createdAt", "updatedAt",
        }));
        Assert.That(json.GetProperty("id").GetInt32(), Is.GreaterThan(0));
        Assert.That(json.GetProperty("slug").GetString(), Is.EqualTo("vo2-max-coach"));
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("VO2 Max Coach"));
        Assert.That(json.GetProperty("expiresAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.GetProperty("creatorUserId").GetInt32(), Is.EqualTo(OwnerId));
        Assert.That(json.GetProperty("createdAt").GetString(), Does.EndWith("Z"));

        var second = await (await Owner.PostJsonAsync("/api/projects", new { name = "VO2 Max Coach" })).ReadJsonAsync();
        Assert.That(second.GetProperty("slug").GetString(), Is.EqualTo("vo2-max-coach-2"));
        var members = (await CallAsync(Owner, "members.list", new { projectSlug = "vo2-max-coach-2" })).AssertOk().GetProperty("items");
        Assert.That(members.GetArrayLength(), Is.EqualTo(1));
        Assert.That(members[0].GetProperty("userId").GetInt32(), Is.EqualTo(OwnerId));
        Assert.That(members[0].GetProperty("role").GetString(), Is.EqualTo("maintainer"));
    }

    [TestCase("___", "validation: name cannot produce a valid slug")]
    [TestCase("éé ☕", "validation: name cannot produce a valid slug")]
    [TestCase("   ", "validation: invalid name")]
    public async Task Create_project_rejects_bad_names(string name, string message) =>
        await (await Owner.PostJsonAsync("/api/projects", new { name })).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);

    [Test]
    public async Task Create_project_drops_non_ascii_letters_from_the_slug()
    {
        var json = await (await Owner.PostJsonAsync("/api/projects", new { name = "Café" })).ReadJsonAsync();
        Assert.That(json.GetProperty("slug").GetString(), Does.Match("^caf(-[0-9]+)?$"));
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("Café"));
    }

    [Test]
    public async Task Create_project_follows_the_api_rules()
    {
        await (await Owner.PostJsonAsync("/api/projects", new { name = "X" }, csrf: false)).AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
        using var anonymous = App.NewClient();
        await (await anonymous.PostJsonAsync("/api/projects", new { name = "X" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
        await (await Owner.PostJsonAsync("/api/projects", new { name = "X", extra = 1 })).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
        await (await Owner.PostJsonAsync("/api/projects", new { name = new string('a', 201) })).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: invalid name");
    }

    [Test]
    public async Task Create_project_with_a_custom_workflow_uses_its_lanes_in_array_order()
    {
        var name = Unique("Flow");
        var response = await Owner.PostJsonAsync("/api/projects", new
        {
            name,
            workflow = new object[]
            {
                new { key = "todo", name = "To do", color = "#112233", position = 5, isDone = false },
                new { key = "review_2", name = "Review", color = "", position = 1, isDone = false },
                new { key = "shipped", name = "Shipped", color = "#ABCDEF", position = 0, isDone = true },
            },
        });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        var slug = json.GetProperty("slug").GetString()!;

        var columns = (await CallAsync(Owner, "board.get", new { projectSlug = slug })).AssertOk().GetProperty("columns");
        Assert.That(columns.EnumerateArray().Select(c => c.GetProperty("key").GetString()), Is.EqualTo(new[] { "todo", "review_2", "shipped" }));
        Assert.That(columns.EnumerateArray().Select(c => c.GetProperty("isDone").GetBoolean()), Is.EqualTo(new[] { false, false, true }));
        Assert.That(McpResponse.Keys(columns[0]), Is.EqualTo(new[] { "key", "name", "isDone", "items" }));

        await using var db = App.CreateDbContext();
        var colors = await db.Database.SqlQuery<string>($"SELECT c.color AS \"Value\" FROM boards.workflow_columns c JOIN boards.projects p ON p.id = c.project_id WHERE p.slug = {slug} ORDER BY c.position").ToListAsync();
        Assert.That(colors, Is.EqualTo(new[] { "#112233", "#64748b", "#ABCDEF" }));

        // Without a columnKey a todo goes to "backlog", which this workflow lacks.
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x" })).AssertValidation("validation: invalid columnKey");
        var todo = await CreateTodoAsync(Owner, slug, "y", new { columnKey = "review_2" });
        Assert.That(todo.GetProperty("columnKey").GetString(), Is.EqualTo("review_2"));
        var done = await CreateTodoAsync(Owner, slug, "z", new { columnKey = "SHIPPED" });
        Assert.That(done.GetProperty("doneAt").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    private static IEnumerable<TestCaseData> BadWorkflows()
    {
        object Lane(string key, bool done = false, string name = "Lane", string color = "#123456") => new { key, name, color, isDone = done };
        yield return new TestCaseData((object)new[] { Lane("done", true) }).SetName("Workflow_with_one_lane_is_rejected");
        yield return new TestCaseData((object)Enumerable.Range(0, 13).Select(i => Lane($"l{i}", i == 0)).ToArray()).SetName("Workflow_with_13_lanes_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("a"), Lane("b") }).SetName("Workflow_without_done_lane_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("a", true), Lane("b", true) }).SetName("Workflow_with_two_done_lanes_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("Bad-Key"), Lane("b", true) }).SetName("Workflow_with_invalid_key_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("a_"), Lane("b", true) }).SetName("Workflow_with_trailing_underscore_key_is_rejected");
        yield return new TestCaseData((object)new[] { Lane(new string('a', 33)), Lane("b", true) }).SetName("Workflow_with_33_char_key_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("a"), Lane("a", true) }).SetName("Workflow_with_duplicate_keys_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("a", color: "red"), Lane("b", true) }).SetName("Workflow_with_invalid_color_is_rejected");
        yield return new TestCaseData((object)new[] { Lane("a", name: " "), Lane("b", true) }).SetName("Workflow_with_blank_name_is_rejected");
    }

    [TestCaseSource(nameof(BadWorkflows))]
    public async Task Invalid_workflows_are_400(object workflow)
    {
        var response = await Owner.PostJsonAsync("/api/projects", new { name = Unique("Bad flow"), workflow });
        var error = await response.AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(error.GetProperty("message").GetString(), Does.StartWith("validation: "));
        Assert.That(error.GetProperty("details").GetProperty("field").GetString(), Is.EqualTo("workflow"));
    }

    [Test]
    public async Task Create_project_tag_is_a_shared_tag_for_maintainers_only()
    {
        var slug = await NewProjectAsync();
        var response = await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "Back End", color = "#7C3AED" });
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), json.ToString());
        Assert.That(McpResponse.Keys(json), Is.EqualTo(new[] { "tagId", "name", "count", "color", "canDelete" }));
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("back-end"));
        Assert.That(json.GetProperty("color").GetString(), Is.EqualTo("#7C3AED"));
        Assert.That(json.GetProperty("count").GetInt32(), Is.EqualTo(0));

        var listed = (await CallAsync(Owner, "tags.listProject", new { projectSlug = slug })).AssertOk().GetProperty("items");
        Assert.That(listed.GetArrayLength(), Is.EqualTo(1));
        Assert.That(listed[0].GetRawText(), Is.EqualTo(json.GetRawText()));

        await (await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "back end" })).AssertApiErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "!!" })).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: invalid tag \"!!\"");
        await (await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "ok", color = "purple" })).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: invalid tag color \"purple\"");
        var noColor = await (await Owner.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "plain" })).ReadJsonAsync();
        Assert.That(noColor.GetProperty("color").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var (stranger, _) = await NewUserAsync();
        await (await stranger.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "x" })).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        foreach (var role in new[] { "viewer", "contributor" })
        {
            var (member, _) = await NewMemberAsync(slug, role);
            await (await member.PostJsonAsync($"/api/projects/{slug}/tags", new { name = "x" }))
                .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "maintainer or higher required");
        }

        await (await Owner.PostJsonAsync("/api/projects/no-such-project/tags", new { name = "x" })).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private async Task<List<string>> ListSlugsAsync(TestClient client) =>
        (await CallAsync(client, "projects.list")).AssertOk().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectSlug").GetString()!).ToList();
}
