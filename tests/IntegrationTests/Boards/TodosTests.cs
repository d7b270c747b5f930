using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>todos.create / get / search / update / delete / move through the envelope.</summary>
public sealed class TodosTests : BoardsFixture
{
    private static readonly string[] TodoKeys =
    [
        "projectSlug", "localId", "title", "body", "columnKey", "tags", "estimationPoints", "assigneeUserId", "sprintId", "createdAt", "updatedAt", "doneAt",
    ];

    // ---- todos.create ----

    [Test]
    public async Task MCPTodosCreateSuccess()
    {
        var slug = await NewProjectAsync();
        var response = await CallAsync(Owner, "todos.create", new
        {
            projectSlug = slug,
            title = "Add MCP adapter",
            body = "Body text",
            tags = new[] { "mcp" },
            columnKey = "backlog",
            position = new { afterLocalId = (int?)null, beforeLocalId = (int?)null },
        });
        var todo = response.AssertOk().GetProperty("todo");
        Assert.That(McpResponse.Keys(todo), Is.EqualTo(TodoKeys));
        Assert.That(todo.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(todo.GetProperty("localId").GetInt32(), Is.EqualTo(1));
        Assert.That(todo.GetProperty("columnKey").GetString(), Is.EqualTo("backlog"));
        Assert.That(todo.GetProperty("body").GetString(), Is.EqualTo("Body text"));
        Assert.That(todo.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "mcp" }));
        Assert.That(todo.TryGetProperty("id", out _), Is.False);
        Assert.That(todo.GetProperty("doneAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(response.Meta.GetRawText(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task MCPTodosCreateRequiresAuthAfterBootstrap()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "todos.create", new { projectSlug = "x", title = "t" }))
            .AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool", new { });
    }

    [Test]
    public async Task MCPTodosCreateValidationErrorForMalformedInput()
    {
        var slug = await NewProjectAsync();
        var details = (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", unknownField = true }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");
        Assert.That(details.GetProperty("detail").GetString(), Is.EqualTo("json: unknown field \"unknownField\""));
    }

    [Test]
    public async Task Create_without_tags_has_null_tags_and_defaults()
    {
        var slug = await NewProjectAsync();
        var todo = await CreateTodoAsync(Owner, slug, "  Plain  ");
        Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("Plain"));
        Assert.That(todo.GetProperty("tags").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(todo.GetProperty("body").GetString(), Is.EqualTo(""));
        Assert.That(todo.GetProperty("columnKey").GetString(), Is.EqualTo("backlog"));
        Assert.That(todo.GetProperty("estimationPoints").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(todo.GetProperty("createdAt").GetString(), Is.EqualTo(todo.GetProperty("updatedAt").GetString()));
    }

    [Test]
    public async Task Output_projectSlug_echoes_the_callers_input_string()
    {
        var slug = await NewProjectAsync();
        var raw = " " + slug.ToUpperInvariant() + " ";
        var todo = await CreateTodoAsync(Owner, raw, "Echo");
        Assert.That(todo.GetProperty("projectSlug").GetString(), Is.EqualTo(raw));
        var got = (await CallAsync(Owner, "todos.get", new { projectSlug = raw, localId = 1 })).AssertOk();
        Assert.That(got.GetProperty("todo").GetProperty("projectSlug").GetString(), Is.EqualTo(raw));
    }

    [Test]
    public async Task Project_resolution_errors()
    {
        (await CallAsync(Owner, "todos.create", new { title = "x" })).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await CallAsync(Owner, "todos.create", new { projectSlug = "", title = "x" })).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await CallAsync(Owner, "todos.create", new { projectSlug = "Bad Slug!", title = "x" })).AssertValidation("validation: invalid slug", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = "a--b", title = "x" })).AssertValidation("validation: invalid slug", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = "   ", title = "x" })).AssertValidation("validation: invalid slug", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = "no-such-project-here", title = "x" })).AssertNotFound();
    }

    [Test]
    public async Task Create_validates_fields_with_the_store_messages()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug })).AssertValidation("validation: invalid title", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "   " })).AssertValidation("validation: invalid title", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = new string('é', 101) })).AssertValidation("validation: invalid title", new { });
        await CreateTodoAsync(Owner, slug, new string('é', 100));
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", body = new string('a', 20001) })).AssertValidation("validation: body too large", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", estimationPoints = 4 }))
            .AssertValidation("validation: estimation points must be one of 1,2,3,5,8,13,20,40", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", tags = Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray() }))
            .AssertValidation("validation: too many tags", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", tags = new[] { "ok", "!!" } })).AssertValidation("validation: invalid tag \"!!\"", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", columnKey = "in progress" })).AssertValidation("validation: invalid columnKey", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", sprintId = 999999 })).AssertValidation("validation: sprint not found", new { });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", assigneeUserId = 999999 })).AssertValidation("validation: assignee does not exist", new { });
        var (outsider, outsiderId) = await NewUserAsync();
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", assigneeUserId = outsiderId })).AssertValidation("validation: assignee is not a project member", new { });
        var other = await NewProjectAsync();
        var foreignSprint = await CreateSprintAsync(other, "Foreign");
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", sprintId = foreignSprint }))
            .AssertValidation("validation: sprint does not belong to project", new { });
        outsider.Dispose();
    }

    [Test]
    public async Task Create_normalises_tags_columns_and_sets_done_and_assignment()
    {
        var slug = await NewProjectAsync();
        var (_, memberId) = await NewMemberAsync(slug, "viewer");
        var sprint = await CreateSprintAsync(slug, "S1");
        var todo = await CreateTodoAsync(Owner, slug, "Tagged", new
        {
            tags = new[] { "  Back   End ", "mcp", "MCP", "-api-" },
            columnKey = " In-Progress ",
            estimationPoints = 13,
            assigneeUserId = memberId,
            sprintId = sprint,
        });
        Assert.That(todo.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "api", "back-end", "mcp" }));
        Assert.That(todo.GetProperty("columnKey").GetString(), Is.EqualTo("doing"));
        Assert.That(todo.GetProperty("estimationPoints").GetInt32(), Is.EqualTo(13));
        Assert.That(todo.GetProperty("assigneeUserId").GetInt32(), Is.EqualTo(memberId));
        Assert.That(todo.GetProperty("sprintId").GetInt32(), Is.EqualTo(sprint));
        Assert.That(todo.GetProperty("doneAt").ValueKind, Is.EqualTo(JsonValueKind.Null));

        Assert.That((await CreateTodoAsync(Owner, slug, "NS", new { columnKey = "not-started" })).GetProperty("columnKey").GetString(), Is.EqualTo("not_started"));
        Assert.That((await CreateTodoAsync(Owner, slug, "IP", new { columnKey = "in_progress" })).GetProperty("columnKey").GetString(), Is.EqualTo("doing"));
        var done = await CreateTodoAsync(Owner, slug, "Done already", new { columnKey = "DONE" });
        Assert.That(done.GetProperty("doneAt").GetString(), Is.EqualTo(done.GetProperty("createdAt").GetString()));
    }

    [Test]
    public async Task LocalIds_count_up_per_project_and_the_highest_is_reused_after_delete()
    {
        var a = await NewProjectAsync();
        var b = await NewProjectAsync();
        Assert.That((await CreateTodoAsync(Owner, a, "a1")).GetProperty("localId").GetInt32(), Is.EqualTo(1));
        Assert.That((await CreateTodoAsync(Owner, a, "a2")).GetProperty("localId").GetInt32(), Is.EqualTo(2));
        Assert.That((await CreateTodoAsync(Owner, b, "b1")).GetProperty("localId").GetInt32(), Is.EqualTo(1));
        (await CallAsync(Owner, "todos.delete", new { projectSlug = a, localId = 2 })).AssertOk();
        Assert.That((await CreateTodoAsync(Owner, a, "a3")).GetProperty("localId").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Create_anchor_errors_come_before_field_validation()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "one");
        await CreateTodoAsync(Owner, slug, "in doing", new { columnKey = "doing" });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "", position = new { afterLocalId = 0 } }))
            .AssertValidation("invalid local todo reference", new { field = "afterLocalId" });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", position = new { beforeLocalId = -3 } }))
            .AssertValidation("invalid local todo reference", new { field = "beforeLocalId" });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", position = new { afterLocalId = 999 } }))
            .AssertValidation("invalid local todo reference", new { field = "afterLocalId", localId = 999 });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", position = new { afterLocalId = 2 } }))
            .AssertValidation("position reference must be in target column", new { field = "afterLocalId", localId = 2 });
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", columnKey = "doing", position = new { beforeLocalId = 1 } }))
            .AssertValidation("position reference must be in target column", new { field = "beforeLocalId", localId = 1 });
    }

    [Test]
    public async Task Create_places_todos_next_to_anchors_with_unique_ranks()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 3; i++)
        {
            await CreateTodoAsync(Owner, slug, $"t{i}");
        }

        await CreateTodoAsync(Owner, slug, "t4", new { position = new { afterLocalId = 1 } });
        await CreateTodoAsync(Owner, slug, "t5", new { position = new { beforeLocalId = 3 } });
        await CreateTodoAsync(Owner, slug, "t6", new { position = new { beforeLocalId = 1 } });
        await CreateTodoAsync(Owner, slug, "t7", new { position = new { afterLocalId = 4, beforeLocalId = 2 } });
        Assert.That(await ColumnAsync(slug, "backlog"), Is.EqualTo(new[] { 6, 1, 4, 7, 2, 5, 3 }));

        // Squeeze many todos right after #1 until the lane has to be renumbered.
        for (var i = 0; i < 12; i++)
        {
            await CreateTodoAsync(Owner, slug, $"squeeze{i}", new { position = new { afterLocalId = 1 } });
        }

        var lane = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        Assert.That(lane.Select(l => l.LocalId).Take(3), Is.EqualTo(new[] { 6, 1, 19 }));
        Assert.That(lane.Select(l => l.LocalId).TakeLast(5), Is.EqualTo(new[] { 4, 7, 2, 5, 3 }));
        Assert.That(lane.Select(l => l.Rank), Is.Unique.And.Ordered.And.All.GreaterThan(0));

        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", position = new { afterLocalId = 2, beforeLocalId = 1 } }))
            .AssertConflict("conflict: afterId must come before beforeId");
        (await CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", position = new { afterLocalId = 2, beforeLocalId = 2 } }))
            .AssertConflict("conflict: afterId must come before beforeId");
    }

    // ---- todos.get ----

    [Test]
    public async Task MCPTodosGetSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Fetch me");
        var response = await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 1 });
        var todo = response.AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(todo.GetProperty("localId").GetInt32(), Is.EqualTo(1));
        Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("Fetch me"));
        Assert.That(todo.TryGetProperty("id", out _), Is.False);
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task MCPTodosGetNotFound()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 999 })).AssertNotFound();
    }

    [Test]
    public async Task MCPTodosGetRequiresAuth()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "todos.get", new { projectSlug = "x", localId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [TestCase(0)]
    [TestCase(-5)]
    public async Task Get_with_a_non_positive_localId_is_invalid_before_the_project_is_resolved(int localId) =>
        (await CallAsync(Owner, "todos.get", new { projectSlug = "no-such-project", localId })).AssertValidation("invalid localId", new { field = "localId" });

    // ---- todos.search ----

    [Test]
    public async Task MCPTodosSearchSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Add MCP adapter");
        await CreateTodoAsync(Owner, slug, "Other task");
        var response = await CallAsync(Owner, "todos.search", new { projectSlug = slug, query = "adapter", limit = 20, excludeLocalIds = Array.Empty<int>() });
        var items = response.AssertOk().GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        Assert.That(items[0].GetRawText(), Is.EqualTo($"{{\"projectSlug\":\"{slug}\",\"localId\":1,\"title\":\"Add MCP adapter\"}}"));
        Assert.That(response.Meta.GetRawText(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task MCPTodosSearchValidationErrorForMalformedInput()
    {
        (await CallAsync(Owner, "todos.search", new { projectSlug = "demo", query = "x", limit = 0 })).AssertValidation("invalid limit", new { field = "limit" });
        (await CallAsync(Owner, "todos.search", new { projectSlug = "demo", limit = 51 })).AssertValidation("invalid limit", new { field = "limit" });
        (await CallAsync(Owner, "todos.search", new { projectSlug = "demo", excludeLocalIds = new[] { 1, 0 } }))
            .AssertValidation("invalid excludeLocalIds", new { field = "excludeLocalIds" });
        (await CallAsync(Owner, "todos.search", new { projectSlug = "demo", limit = 50 })).AssertNotFound();
    }

    [Test]
    public async Task Search_matches_titles_case_insensitively_as_literal_substrings()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Login page");
        await CreateTodoAsync(Owner, slug, "100% done");
        await CreateTodoAsync(Owner, slug, "1000 things");
        await CreateTodoAsync(Owner, slug, "snake_case name");
        await CreateTodoAsync(Owner, slug, "Nothing here", new { body = "login in body only" });

        Assert.That(await SearchAsync(slug, "LOG"), Is.EqualTo(new[] { 1 }));
        Assert.That(await SearchAsync(slug, "log in"), Is.Empty);
        Assert.That(await SearchAsync(slug, "100%"), Is.EqualTo(new[] { 2 }));
        Assert.That(await SearchAsync(slug, "_"), Is.EqualTo(new[] { 4 }));
        Assert.That(await SearchAsync(slug, "e_c"), Is.EqualTo(new[] { 4 }));
        Assert.That(await SearchAsync(slug, "%"), Is.EqualTo(new[] { 2 }));
        Assert.That(await SearchAsync(slug, "0"), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public async Task Search_by_number_finds_that_localId_and_an_empty_query_lists_recent_first()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 7; i++)
        {
            await CreateTodoAsync(Owner, slug, $"Item {i}");
        }

        Assert.That(await SearchAsync(slug, "007"), Is.EqualTo(new[] { 7 }));
        Assert.That(await SearchAsync(slug, " 3 "), Is.EqualTo(new[] { 3 }));
        Assert.That(await SearchAsync(slug, "99"), Is.Empty);

        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 2, patch = new { body = "touched" } })).AssertOk();
        var recent = await SearchAsync(slug, "", limit: 3);
        Assert.That(recent, Is.EqualTo(new[] { 2, 7, 6 }));
    }

    [Test]
    public async Task Search_applies_the_limit_before_dropping_excluded_ids()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 4; i++)
        {
            await CreateTodoAsync(Owner, slug, $"match {i}");
        }

        Assert.That(await SearchAsync(slug, "match", limit: 2, exclude: [1]), Is.EqualTo(new[] { 2 }));
        Assert.That(await SearchAsync(slug, "match", exclude: [2, 3]), Is.EqualTo(new[] { 1, 4 }));
    }

    // ---- todos.update ----

    [Test]
    public async Task MCPTodosUpdateSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Original", new { tags = new[] { "mcp" }, estimationPoints = 3, assigneeUserId = OwnerId });
        var response = await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { title = "Updated", body = "Updated body" } });
        var todo = response.AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("Updated"));
        Assert.That(todo.GetProperty("body").GetString(), Is.EqualTo("Updated body"));
        Assert.That(todo.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(todo.GetProperty("localId").GetInt32(), Is.EqualTo(1));
        Assert.That(todo.TryGetProperty("id", out _), Is.False);
        Assert.That(todo.GetProperty("assigneeUserId").GetInt32(), Is.EqualTo(OwnerId));
    }

    [Test]
    public async Task MCPTodosUpdateOmittedFieldsRemainUnchanged()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Keep", new { body = "old", tags = new[] { "mcp", "backend" }, estimationPoints = 5 });
        var todo = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { body = "new" } })).AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("Keep"));
        Assert.That(todo.GetProperty("body").GetString(), Is.EqualTo("new"));
        Assert.That(todo.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "backend", "mcp" }));
        Assert.That(todo.GetProperty("estimationPoints").GetInt32(), Is.EqualTo(5));
    }

    [Test]
    public async Task MCPTodosUpdateNullClearsSupportedFields()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Clear", new { estimationPoints = 8, assigneeUserId = OwnerId });
        var todo = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { estimationPoints = (int?)null, assigneeUserId = (int?)null } }))
            .AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("estimationPoints").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(todo.GetProperty("assigneeUserId").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task MCPTodosUpdatePatchSprintIdAssignAndClear()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Sprinted");
        var sprint = await CreateSprintAsync(slug, "Sprint A");
        var set = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { sprintId = sprint } })).AssertOk();
        Assert.That(set.GetProperty("todo").GetProperty("sprintId").GetInt32(), Is.EqualTo(sprint));
        var cleared = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { sprintId = (int?)null } })).AssertOk();
        Assert.That(cleared.GetProperty("todo").GetProperty("sprintId").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Patch_sprintId_number_sets_null_clears_and_a_string_is_invalid()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Sprinted");
        var sprint = await CreateSprintAsync(slug, "Sprint 42");
        var body = $"{{\"tool\":\"todos.update\",\"input\":{{\"projectSlug\":\"{slug}\",\"localId\":1,\"patch\":{{\"sprintId\":{sprint}.0}}}}}}";
        Assert.That((await PostEnvelopeAsync(Owner, body)).AssertOk().GetProperty("todo").GetProperty("sprintId").GetInt32(), Is.EqualTo(sprint));
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { sprintId = "not-a-number" } }))
            .AssertValidation("invalid sprintId", new { field = "sprintId" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { sprintId = 1.5 } }))
            .AssertValidation("invalid sprintId", new { field = "sprintId" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { sprintId = 999999 } }))
            .AssertValidation("validation: sprint not found", new { });
    }

    [Test]
    public async Task MCPTodosUpdateValidationErrorForMalformedPatch()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x");
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { columnKey = "doing" } }))
            .AssertValidation("unsupported patch field", new { field = "columnKey" });
    }

    [Test]
    public async Task MCPTodosUpdateRejectsInvalidNullField()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x");
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { title = (string?)null } }))
            .AssertValidation("title cannot be null", new { field = "title" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { body = (string?)null } }))
            .AssertValidation("body cannot be null", new { field = "body" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { tags = (string[]?)null } }))
            .AssertValidation("tags cannot be null", new { field = "tags" });
    }

    [Test]
    public async Task Update_patch_checks_in_order()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x");
        (await CallAsync(Owner, "todos.update", new { projectSlug = "demo", localId = 1 })).AssertValidation("missing patch", new { field = "patch" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = "demo", localId = 1, patch = (object?)null })).AssertValidation("missing patch", new { field = "patch" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 0, patch = new { } })).AssertValidation("invalid localId", new { field = "localId" });
        // A bad patch on a missing todo is a 404: the todo is looked up first.
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 99, patch = "nonsense" })).AssertNotFound();
        var details = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = "nonsense" }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid patch");
        Assert.That(McpResponse.Keys(details), Is.EqualTo(new[] { "detail" }));
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { title = 5 } })).AssertValidation("invalid title", new { field = "title" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { tags = "mcp" } })).AssertValidation("invalid tags", new { field = "tags" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { estimationPoints = "3" } }))
            .AssertValidation("invalid estimationPoints", new { field = "estimationPoints" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { assigneeUserId = true } }))
            .AssertValidation("invalid assigneeUserId", new { field = "assigneeUserId" });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { estimationPoints = 4 } }))
            .AssertValidation("validation: estimation points must be one of 1,2,3,5,8,13,20,40", new { });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { title = " " } })).AssertValidation("validation: invalid title", new { });
        (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { assigneeUserId = 999999 } }))
            .AssertValidation("validation: assignee does not exist", new { });
    }

    [Test]
    public async Task An_empty_patch_returns_the_todo_unchanged_without_writing()
    {
        var slug = await NewProjectAsync();
        var created = await CreateTodoAsync(Owner, slug, "Same");
        var (viewer, _) = await NewMemberAsync(slug, "viewer");
        var same = (await CallAsync(viewer, "todos.update", new { projectSlug = slug, localId = 1, patch = new { } })).AssertOk().GetProperty("todo");
        Assert.That(same.GetRawText(), Is.EqualTo(created.GetRawText()));
    }

    [Test]
    public async Task Update_replaces_tags_wholesale_and_bumps_updatedAt()
    {
        var slug = await NewProjectAsync();
        var created = await CreateTodoAsync(Owner, slug, "Tags", new { tags = new[] { "a", "b" } });
        await Task.Delay(5);
        var updated = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { tags = new[] { "C", "a" } } })).AssertOk().GetProperty("todo");
        Assert.That(updated.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(updated.GetProperty("updatedAt").GetString(), Is.Not.EqualTo(created.GetProperty("updatedAt").GetString()));
        var cleared = (await CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = 1, patch = new { tags = Array.Empty<string>() } })).AssertOk();
        Assert.That(cleared.GetProperty("todo").GetProperty("tags").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task MCPTodosUpdateRequiresAuth()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "todos.update", new { projectSlug = "x", localId = 1, patch = new { } })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    // ---- todos.delete ----

    [Test]
    public async Task MCPTodosDeleteSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Doomed", new { tags = new[] { "x" } });
        var response = await CallAsync(Owner, "todos.delete", new { projectSlug = slug, localId = 1 });
        Assert.That(response.AssertOk().GetRawText(), Is.EqualTo($"{{\"status\":\"deleted\",\"projectSlug\":\"{slug}\",\"localId\":1}}"));
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
        (await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 1 })).AssertNotFound();
    }

    [Test]
    public async Task MCPTodosDeleteNotFound()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "todos.delete", new { projectSlug = slug, localId = 999 })).AssertNotFound();
    }

    [Test]
    public async Task MCPTodosDeleteRequiresAuth()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "todos.delete", new { projectSlug = "x", localId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    // ---- todos.move ----

    [Test]
    public async Task MCPTodosMoveSuccessToAnotherColumn()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Mover");
        var response = await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "in-progress" });
        var todo = response.AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("columnKey").GetString(), Is.EqualTo("doing"));
        Assert.That(todo.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(todo.GetProperty("localId").GetInt32(), Is.EqualTo(1));
        Assert.That(todo.TryGetProperty("id", out _), Is.False);
        Assert.That(response.Meta.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task MCPTodosMoveSuccessWithAfterLocalId()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "one");
        await CreateTodoAsync(Owner, slug, "two");
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "doing" })).AssertOk();
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 2, toColumnKey = "doing", afterLocalId = 1 })).AssertOk();
        Assert.That((await BoardsDatabase.LaneAsync(App, slug, "doing")).Select(l => l.LocalId), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task MCPTodosMoveSuccessWithBeforeLocalId()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "one");
        await CreateTodoAsync(Owner, slug, "two");
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 2, toColumnKey = "doing" })).AssertOk();
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "doing", beforeLocalId = 2 })).AssertOk();
        Assert.That((await BoardsDatabase.LaneAsync(App, slug, "doing")).Select(l => l.LocalId), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task MCPTodosMoveValidationErrorWhenBothNeighborsSet()
    {
        (await CallAsync(Owner, "todos.move", new { projectSlug = "demo", localId = 1, toColumnKey = "doing", afterLocalId = 2, beforeLocalId = 3 }))
            .AssertValidation("at most one neighbor reference may be set", new { fields = new[] { "afterLocalId", "beforeLocalId" } });
        (await CallAsync(Owner, "todos.move", new { projectSlug = "demo", localId = 2, toColumnKey = "doing", afterLocalId = 2 }))
            .AssertValidation("afterLocalId cannot equal localId", new { field = "afterLocalId" });
        (await CallAsync(Owner, "todos.move", new { projectSlug = "demo", localId = 2, toColumnKey = "doing", beforeLocalId = 2 }))
            .AssertValidation("beforeLocalId cannot equal localId", new { field = "beforeLocalId" });
    }

    [Test]
    public async Task MCPTodosMoveValidationErrorForNonexistentNeighbor()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "one");
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "doing", afterLocalId = 999 }))
            .AssertValidation("invalid local todo reference", new { field = "afterLocalId", localId = 999 });
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "doing", beforeLocalId = 0 }))
            .AssertValidation("invalid local todo reference", new { field = "beforeLocalId" });
    }

    [Test]
    public async Task MCPTodosMoveValidationErrorForWrongColumnNeighbor()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "one");
        await CreateTodoAsync(Owner, slug, "two");
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "doing" })).AssertOk();
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 2, toColumnKey = "testing", afterLocalId = 1 }))
            .AssertValidation("position reference must be in target column", new { field = "afterLocalId", localId = 1 });
    }

    [Test]
    public async Task MCPTodosMoveValidationErrorForAmbiguousAfterPlacement()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 3; i++)
        {
            await CreateTodoAsync(Owner, slug, $"t{i}");
        }

        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "doing" })).AssertOk();
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 2, toColumnKey = "doing" })).AssertOk();
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 3, toColumnKey = "doing", afterLocalId = 1 }))
            .AssertValidation("afterLocalId is ambiguous unless it is already the last item in the target column", new { field = "afterLocalId", localId = 1 });
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 3, toColumnKey = "doing", beforeLocalId = 2 }))
            .AssertValidation("beforeLocalId is ambiguous unless it is already the first item in the target column", new { field = "beforeLocalId", localId = 2 });
        // The moving todo counts when it is already in the lane: 1 is not last while 2 is.
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 2, toColumnKey = "doing", afterLocalId = 1 }))
            .AssertValidation("afterLocalId is ambiguous unless it is already the last item in the target column", new { field = "afterLocalId", localId = 1 });
    }

    [Test]
    public async Task Move_puts_todos_at_the_bottom_or_top_and_keeps_ranks_positive_and_unique()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 4; i++)
        {
            await CreateTodoAsync(Owner, slug, $"t{i}");
        }

        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "backlog" })).AssertOk();
        Assert.That(await ColumnAsync(slug, "backlog"), Is.EqualTo(new[] { 2, 3, 4, 1 }));
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 3, toColumnKey = "backlog", afterLocalId = 1 })).AssertOk();
        Assert.That(await ColumnAsync(slug, "backlog"), Is.EqualTo(new[] { 2, 4, 1, 3 }));

        // Repeatedly to the top: ranks fall to 1000, then the lane is renumbered (never ≤ 0).
        foreach (var localId in new[] { 3, 1, 4, 2, 3, 1 })
        {
            var first = (await ColumnAsync(slug, "backlog"))[0];
            (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId, toColumnKey = "backlog", beforeLocalId = first })).AssertOk();
            Assert.That((await ColumnAsync(slug, "backlog"))[0], Is.EqualTo(localId));
        }

        var lane = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        Assert.That(lane.Select(l => l.LocalId), Is.EqualTo(new[] { 1, 3, 2, 4 }));
        Assert.That(lane.Select(l => l.Rank), Is.Unique.And.Ordered.And.All.GreaterThan(0));
    }

    [Test]
    public async Task Move_stamps_doneAt_on_entering_done_and_never_clears_it()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Finish");
        var done = (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "done" })).AssertOk().GetProperty("todo");
        var doneAt = done.GetProperty("doneAt").GetString();
        Assert.That(doneAt, Is.Not.Null);
        var again = (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "done" })).AssertOk().GetProperty("todo");
        Assert.That(again.GetProperty("doneAt").GetString(), Is.EqualTo(doneAt));
        var reopened = (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "testing" })).AssertOk().GetProperty("todo");
        Assert.That(reopened.GetProperty("doneAt").GetString(), Is.EqualTo(doneAt));
        Assert.That(reopened.GetProperty("columnKey").GetString(), Is.EqualTo("testing"));
    }

    [Test]
    public async Task Move_target_column_checks()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x");
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1 })).AssertValidation("missing toColumnKey", new { field = "toColumnKey" });
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "  " })).AssertValidation("missing toColumnKey", new { field = "toColumnKey" });
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 1, toColumnKey = "nowhere" })).AssertValidation("validation: invalid columnKey", new { });
        (await CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = 7, toColumnKey = "" })).AssertNotFound();
    }

    [Test]
    public async Task MCPTodosMoveRequiresAuth()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "todos.move", new { projectSlug = "x", localId = 1, toColumnKey = "doing" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    private async Task<int[]> SearchAsync(string slug, string query, int? limit = null, int[]? exclude = null)
    {
        var data = (await CallAsync(Owner, "todos.search", new { projectSlug = slug, query, limit, excludeLocalIds = exclude })).AssertOk();
        return data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("localId").GetInt32()).ToArray();
    }
}
