using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>The eight sprint tools.</summary>
public sealed class SprintsTests : BoardsFixture
{
    private static readonly string[] SprintKeys =
        ["projectSlug", "sprintId", "number", "name", "plannedStartAt", "plannedEndAt", "startedAt", "closedAt", "state", "todoCount"];

    private static string Future(int hours) => DateTimeOffset.UtcNow.AddHours(hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task MCPSprintsListSuccess()
    {
        var slug = await NewProjectAsync();
        var first = await CreateSprintAsync(slug, "One");
        await CreateSprintAsync(slug, "Two");
        await CreateTodoAsync(Owner, slug, "scheduled", new { sprintId = first });
        await CreateTodoAsync(Owner, slug, "unscheduled");
        var response = await CallAsync(Owner, "sprints.list", new { projectSlug = slug });
        var items = response.AssertOk().GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(2));
        Assert.That(McpResponse.Keys(items[0]), Is.EqualTo(SprintKeys));
        Assert.That(items[0].GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(items[0].GetProperty("sprintId").GetInt32(), Is.EqualTo(first));
        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("number").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("todoCount").GetInt32()), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(response.Meta.GetRawText(), Is.EqualTo("{\"unscheduledCount\":1}"));
    }

    [Test]
    public async Task MCPSprintsGetSuccess()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Gettable");
        var sprint = (await CallAsync(Owner, "sprints.get", new { projectSlug = slug, sprintId = id })).AssertOk().GetProperty("sprint");
        Assert.That(sprint.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(sprint.GetProperty("sprintId").GetInt32(), Is.EqualTo(id));
        Assert.That(sprint.GetProperty("todoCount").ValueKind, Is.EqualTo(JsonValueKind.Null));
        (await CallAsync(Owner, "sprints.get", new { projectSlug = slug, sprintId = 999999 })).AssertNotFound();
        (await CallAsync(Owner, "sprints.get", new { projectSlug = "demo", sprintId = 0 })).AssertValidation("invalid sprintId", new { field = "sprintId" });
        var other = await NewProjectAsync();
        (await CallAsync(Owner, "sprints.get", new { projectSlug = other, sprintId = id })).AssertNotFound();
    }

    [Test]
    public async Task MCPSprintsGetActiveSuccess()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Active one", Future(24), Future(48));
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })).AssertOk();
        var sprint = (await CallAsync(Owner, "sprints.getActive", new { projectSlug = slug })).AssertOk().GetProperty("sprint");
        Assert.That(sprint.GetProperty("sprintId").GetInt32(), Is.EqualTo(id));
        Assert.That(sprint.GetProperty("state").GetString(), Is.EqualTo("ACTIVE"));
    }

    [Test]
    public async Task MCPSprintsGetActiveNoActiveSprintReturnsNull()
    {
        var slug = await NewProjectAsync();
        await CreateSprintAsync(slug, "Planned only");
        var data = (await CallAsync(Owner, "sprints.getActive", new { projectSlug = slug })).AssertOk();
        Assert.That(data.GetRawText(), Is.EqualTo("{\"sprint\":null}"));
    }

    [Test]
    public async Task MCPSprintsAuthFailure()
    {
        using var anonymous = App.NewClient();
        foreach (var tool in new[] { "sprints.list", "sprints.get", "sprints.getActive" })
        {
            (await CallAsync(anonymous, tool, new { projectSlug = "x" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool");
        }
    }

    [Test]
    public async Task MCPSprintsCreateSuccess()
    {
        var slug = await NewProjectAsync();
        var response = await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "Sprint 1", plannedStartAt = "2026-04-01T00:00:00Z", plannedEndAt = "2026-04-14T23:59:59Z" });
        var sprint = response.AssertOk().GetProperty("sprint");
        Assert.That(McpResponse.Keys(sprint), Is.EqualTo(SprintKeys));
        Assert.That(sprint.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(sprint.GetProperty("name").GetString(), Is.EqualTo("Sprint 1"));
        Assert.That(sprint.GetProperty("number").GetInt32(), Is.EqualTo(1));
        Assert.That(sprint.GetProperty("state").GetString(), Is.EqualTo("PLANNED"));
        Assert.That(sprint.GetProperty("plannedStartAt").GetInt64(), Is.EqualTo(1775001600000));
        Assert.That(sprint.GetProperty("plannedEndAt").GetInt64(), Is.EqualTo(1776211199000));
        Assert.That(sprint.GetProperty("startedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(sprint.GetProperty("closedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(response.Meta.GetRawText(), Is.EqualTo("{}"));

        var second = (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = " Sprint 2 ", plannedStartAt = "2026-04-15T02:00:00.123456789+02:00", plannedEndAt = "2026-04-15T00:00:00.123Z" }))
            .AssertOk().GetProperty("sprint");
        Assert.That(second.GetProperty("number").GetInt32(), Is.EqualTo(2));
        Assert.That(second.GetProperty("name").GetString(), Is.EqualTo("Sprint 2"));
        Assert.That(second.GetProperty("plannedStartAt").GetInt64(), Is.EqualTo(second.GetProperty("plannedEndAt").GetInt64()));
    }

    [Test]
    public async Task MCPSprintsCreateValidationErrorForMalformedInput()
    {
        var slug = await NewProjectAsync();
        var details = (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "S", plannedStartAt = "not-a-time", plannedEndAt = "2026-04-14T23:59:59Z" }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid plannedStartAt");
        Assert.That(McpResponse.Keys(details), Is.EqualTo(new[] { "field", "detail" }));
        Assert.That(details.GetProperty("field").GetString(), Is.EqualTo("plannedStartAt"));
        (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "S", plannedStartAt = "2026-04-01T00:00:00Z", plannedEndAt = "2026-04-14" }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid plannedEndAt");
        (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "S", plannedStartAt = "2026-04-01 00:00:00Z", plannedEndAt = "2026-04-14T00:00:00Z" }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid plannedStartAt");
    }

    [Test]
    public async Task MCPSprintsCreateValidationErrorForInvalidDateRange()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "S", plannedStartAt = "2026-04-14T00:00:00Z", plannedEndAt = "2026-04-01T00:00:00Z" }))
            .AssertValidation("validation: end_at must be >= start_at", new { });
    }

    [Test]
    public async Task Sprint_create_checks_in_order()
    {
        var slug = await NewProjectAsync();
        const string start = "2026-04-01T00:00:00Z";
        (await CallAsync(Owner, "sprints.create", new { projectSlug = "demo", plannedStartAt = start, plannedEndAt = start })).AssertValidation("missing name", new { field = "name" });
        (await CallAsync(Owner, "sprints.create", new { projectSlug = "demo", name = "S", plannedEndAt = start })).AssertValidation("missing plannedStartAt", new { field = "plannedStartAt" });
        (await CallAsync(Owner, "sprints.create", new { projectSlug = "demo", name = "S", plannedStartAt = start })).AssertValidation("missing plannedEndAt", new { field = "plannedEndAt" });
        (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "   ", plannedStartAt = start, plannedEndAt = start })).AssertValidation("validation: invalid sprint name", new { });
        await CreateSprintAsync(slug, "Taken");
        (await CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = " Taken ", plannedStartAt = start, plannedEndAt = start }))
            .AssertValidation("validation: a sprint with this name already exists in the project", new { });
        Assert.That(await CreateSprintAsync(slug, "taken"), Is.GreaterThan(0));
    }

    [Test]
    public async Task MCPSprintsCreateAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "sprints.create", new { projectSlug = "x" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task MCPSprintsActivateSuccess_and_MCPSprintsCloseSuccess()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Run", Future(24), Future(48));
        var active = (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })).AssertOk().GetProperty("sprint");
        Assert.That(active.GetProperty("state").GetString(), Is.EqualTo("ACTIVE"));
        Assert.That(active.GetProperty("sprintId").GetInt32(), Is.EqualTo(id));
        Assert.That(active.GetProperty("startedAt").GetInt64(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Within(60000));
        var closed = (await CallAsync(Owner, "sprints.close", new { projectSlug = slug, sprintId = id })).AssertOk().GetProperty("sprint");
        Assert.That(closed.GetProperty("state").GetString(), Is.EqualTo("CLOSED"));
        Assert.That(closed.GetProperty("closedAt").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(closed.GetProperty("startedAt").GetInt64(), Is.EqualTo(active.GetProperty("startedAt").GetInt64()));
    }

    [Test]
    public async Task MCPSprintsActivateValidationErrorFromWrongState()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Twice", Future(24), Future(48));
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })).AssertOk();
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })).AssertValidation("sprint must be PLANNED to activate", new { field = "sprintId" });
        (await CallAsync(Owner, "sprints.close", new { projectSlug = slug, sprintId = id })).AssertOk();
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })).AssertValidation("sprint must be PLANNED to activate", new { field = "sprintId" });
    }

    [Test]
    public async Task MCPSprintsCloseValidationErrorFromWrongState()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Planned");
        (await CallAsync(Owner, "sprints.close", new { projectSlug = slug, sprintId = id })).AssertValidation("sprint must be ACTIVE to close", new { field = "sprintId" });
    }

    [Test]
    public async Task Activating_a_sprint_that_already_ended_is_refused()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Past", "2020-01-01T00:00:00Z", "2020-01-14T00:00:00Z");
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id }))
            .AssertValidation("sprint end date is on or before now; cannot activate", new { field = "plannedEndAt" });
    }

    [Test]
    public async Task Activating_a_sprint_closes_the_active_one()
    {
        var slug = await NewProjectAsync();
        var a = await CreateSprintAsync(slug, "A", Future(1), Future(48));
        var b = await CreateSprintAsync(slug, "B", Future(1), Future(48));
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = a })).AssertOk();
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = b })).AssertOk();
        var states = (await CallAsync(Owner, "sprints.list", new { projectSlug = slug })).AssertOk().GetProperty("items").EnumerateArray()
            .Select(s => s.GetProperty("state").GetString());
        Assert.That(states, Is.EqualTo(new[] { "CLOSED", "ACTIVE" }));
        var closedA = (await CallAsync(Owner, "sprints.get", new { projectSlug = slug, sprintId = a })).AssertOk().GetProperty("sprint");
        Assert.That(closedA.GetProperty("closedAt").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public async Task MCPSprintActionsAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "sprints.activate", new { projectSlug = "x", sprintId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
        (await CallAsync(anonymous, "sprints.close", new { projectSlug = "x", sprintId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task Sprint_actions_on_other_projects_sprints_are_404()
    {
        var slug = await NewProjectAsync();
        var other = await NewProjectAsync();
        var foreign = await CreateSprintAsync(other, "Foreign", Future(1), Future(48));
        foreach (var tool in new[] { "sprints.activate", "sprints.close", "sprints.delete" })
        {
            (await CallAsync(Owner, tool, new { projectSlug = slug, sprintId = foreign })).AssertNotFound();
        }

        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = foreign, patch = new { name = "x" } })).AssertNotFound();
    }

    [Test]
    public async Task MCPSprintsUpdateSuccess()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Early", "1970-01-01T00:00:01Z", "1970-01-01T00:00:02Z");
        var sprint = (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = "Renamed", plannedStartAt = 3000, plannedEndAt = 4000 } }))
            .AssertOk().GetProperty("sprint");
        Assert.That(sprint.GetProperty("name").GetString(), Is.EqualTo("Renamed"));
        Assert.That(sprint.GetProperty("plannedStartAt").GetInt64(), Is.EqualTo(3000));
        Assert.That(sprint.GetProperty("plannedEndAt").GetInt64(), Is.EqualTo(4000));
    }

    [Test]
    public async Task MCPSprintsUpdateOmissionLeavesFieldsUnchanged()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Keep dates", "1970-01-01T00:00:01Z", "1970-01-01T00:00:02Z");
        var sprint = (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = "Only name" } })).AssertOk().GetProperty("sprint");
        Assert.That(sprint.GetProperty("plannedStartAt").GetInt64(), Is.EqualTo(1000));
        Assert.That(sprint.GetProperty("plannedEndAt").GetInt64(), Is.EqualTo(2000));
        var unchanged = (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { } })).AssertOk().GetProperty("sprint");
        Assert.That(unchanged.GetRawText(), Is.EqualTo(sprint.GetRawText()));
    }

    [Test]
    public async Task MCPSprintsUpdateValidationErrorForStateFieldCombo()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Running", Future(1), Future(48));
        (await CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })).AssertOk();
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = "x" } }))
            .AssertValidation("validation: only endAt can be updated for ACTIVE sprint", new { });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedStartAt = 5 } }))
            .AssertValidation("validation: only endAt can be updated for ACTIVE sprint", new { });
        var endMs = DateTimeOffset.UtcNow.AddDays(10).ToUnixTimeMilliseconds();
        var extended = (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedEndAt = endMs } })).AssertOk();
        Assert.That(extended.GetProperty("sprint").GetProperty("plannedEndAt").GetInt64(), Is.EqualTo(endMs));

        (await CallAsync(Owner, "sprints.close", new { projectSlug = slug, sprintId = id })).AssertOk();
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedEndAt = endMs } }))
            .AssertValidation("validation: dates cannot be updated for CLOSED sprint", new { });
        var renamed = (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = "Finished" } })).AssertOk();
        Assert.That(renamed.GetProperty("sprint").GetProperty("name").GetString(), Is.EqualTo("Finished"));
    }

    [Test]
    public async Task MCPSprintsUpdateMalformedTimestampValidation()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Bad ts");
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedStartAt = "not-a-number" } }))
            .AssertValidation("invalid plannedStartAt", new { field = "plannedStartAt" });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedEndAt = 1.5 } }))
            .AssertValidation("invalid plannedEndAt", new { field = "plannedEndAt" });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = 7 } }))
            .AssertValidation("invalid name", new { field = "name" });
    }

    [Test]
    public async Task MCPSprintsUpdateInvalidDateRangeValidation()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Range", "1970-01-01T00:00:01Z", "1970-01-01T00:00:02Z");
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedStartAt = 3000, plannedEndAt = 2000 } }))
            .AssertValidation("validation: end_at must be >= start_at", new { });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { plannedEndAt = 500 } }))
            .AssertValidation("validation: end_at must be >= start_at", new { });
    }

    [Test]
    public async Task Sprint_update_patch_checks()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Patchy");
        await CreateSprintAsync(slug, "Other name");
        (await CallAsync(Owner, "sprints.update", new { projectSlug = "demo", sprintId = 1 })).AssertValidation("missing patch", new { field = "patch" });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new[] { 1 } })).AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid patch");
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { state = "ACTIVE" } })).AssertValidation("unsupported patch field", new { field = "state" });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = (string?)null } })).AssertValidation("name cannot be null", new { field = "name" });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = " " } })).AssertValidation("validation: invalid sprint name", new { });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = "Other name" } }))
            .AssertValidation("validation: a sprint with this name already exists in the project", new { });
        (await CallAsync(Owner, "sprints.update", new { projectSlug = slug, sprintId = id, patch = new { name = "Patchy" } })).AssertOk();
    }

    [Test]
    public async Task MCPSprintsUpdateAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "sprints.update", new { projectSlug = "x", sprintId = 1, patch = new { } })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }

    [Test]
    public async Task MCPSprintsDeleteSuccess()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Doomed");
        await CreateTodoAsync(Owner, slug, "scheduled", new { sprintId = id });
        var response = await CallAsync(Owner, "sprints.delete", new { projectSlug = slug, sprintId = id });
        Assert.That(response.AssertOk().GetRawText(), Is.EqualTo($"{{\"status\":\"deleted\",\"projectSlug\":\"{slug}\",\"sprintId\":{id}}}"));
        var todo = (await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 1 })).AssertOk().GetProperty("todo");
        Assert.That(todo.GetProperty("sprintId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That((await CallAsync(Owner, "sprints.list", new { projectSlug = slug })).Meta.GetProperty("unscheduledCount").GetInt32(), Is.EqualTo(1));
        Assert.That(await CreateSprintAsync(slug, "Reused number"), Is.GreaterThan(id));
        var numbers = (await CallAsync(Owner, "sprints.list", new { projectSlug = slug })).AssertOk().GetProperty("items").EnumerateArray().Select(s => s.GetProperty("number").GetInt32());
        Assert.That(numbers, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task MCPSprintsDeleteNotFound()
    {
        var slug = await NewProjectAsync();
        (await CallAsync(Owner, "sprints.delete", new { projectSlug = slug, sprintId = 999 })).AssertNotFound();
    }

    [Test]
    public async Task MCPSprintsDeleteAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "sprints.delete", new { projectSlug = "x", sprintId = 1 })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED");
    }
}
