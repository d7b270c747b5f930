using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Domain.Organizations;
using Platform.IntegrationTests.McpJsonRpc;

namespace Platform.IntegrationTests.Organizations;

/// <summary>The five tools' output shapes, texts and membership rules, through the SDK client and the real endpoint.</summary>
public sealed class TaskToolTests
{
    private McpTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await McpTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    // ---- list_organizations ------------------------------------------------------------------

    [Test]
    public async Task List_organizations_returns_the_users_memberships_ordered_by_name_with_roles()
    {
        var userId = await _host.CreateUserAsync();
        var zeta = await _host.CreateOrganizationAsync(McpTestHost.Unique("Zeta"));
        var alpha = await _host.CreateOrganizationAsync(McpTestHost.Unique("Alpha"));
        await _host.CreateOrganizationAsync(McpTestHost.Unique("Foreign"));
        await _host.AddMemberAsync(zeta.Id, userId, "member");
        await _host.AddMemberAsync(alpha.Id, userId, "admin");
        await using var client = await _host.ConnectAsync(_host.Issuer.Token(userId));

        var data = (await client.CallAsync("list_organizations")).Data("organizations");

        var expected = $$"""
            [
              {
                "id": {{alpha.Id}},
                "name": "{{alpha.Name}}",
                "slug": "{{alpha.Slug}}",
                "role": "admin"
              },
              {
                "id": {{zeta.Id}},
                "name": "{{zeta.Name}}",
                "slug": "{{zeta.Slug}}",
                "role": "member"
              }
            ]
            """;
        Assert.That((await client.CallAsync("list_organizations")).Text(), Is.EqualTo(expected));
        Assert.That(data.GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task List_organizations_is_empty_for_a_user_without_memberships()
    {
        var userId = await _host.CreateUserAsync();
        await using var client = await _host.ConnectAsync(_host.Issuer.Token(userId));

        var result = await client.CallAsync("list_organizations");

        Assert.That(result.Text(), Is.EqualTo("[]"));
        Assert.That(result.StructuredContent!.Value.GetProperty("organizations").GetArrayLength(), Is.Zero);
    }

    // ---- list_tasks ------------------------------------------------------------------------

    [Test]
    public async Task List_tasks_returns_at_most_50_of_the_users_tasks_newest_update_first()
    {
        var (userId, organizationId, token) = await _host.MemberWithOrganizationAsync();
        var (otherUser, foreignOrganization, _) = await _host.MemberWithOrganizationAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        await using (var db = _host.App.CreateDbContext())
        {
            for (var i = 0; i < 55; i++)
            {
                db.Tasks.Add(WorkTask.Create(organizationId, $"Task {i}", null, WorkTaskStatus.Todo, null, userId, start.AddMinutes(i)));
            }

            db.Tasks.Add(WorkTask.Create(foreignOrganization, "Foreign", null, WorkTaskStatus.Todo, null, otherUser, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await using var client = await _host.ConnectAsync(token);
        var tasks = (await client.CallAsync("list_tasks")).Data("tasks");

        Assert.That(tasks.GetArrayLength(), Is.EqualTo(50));
        var titles = tasks.EnumerateArray().Select(t => t.GetProperty("title").GetString()).ToList();
        Assert.That(titles[0], Is.EqualTo("Task 54"));
        Assert.That(titles[49], Is.EqualTo("Task 5"));
        Assert.That(tasks.EnumerateArray().Select(t => t.GetProperty("organizationId").GetInt32()), Is.All.EqualTo(organizationId));
    }

    [Test]
    public async Task List_tasks_merges_the_newest_tasks_of_several_organizations()
    {
        var userId = await _host.CreateUserAsync();
        var first = await _host.CreateOrganizationAsync();
        var second = await _host.CreateOrganizationAsync();
        await _host.AddMemberAsync(first.Id, userId);
        await _host.AddMemberAsync(second.Id, userId);
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        await using (var db = _host.App.CreateDbContext())
        {
            for (var i = 0; i < 120; i++)
            {
                var status = i % 3 == 0 ? WorkTaskStatus.Done : WorkTaskStatus.Todo;
                db.Tasks.Add(WorkTask.Create(i % 2 == 0 ? first.Id : second.Id, $"M{i}", null, status, null, userId, start.AddMinutes(i)));
            }

            await db.SaveChangesAsync();
        }

        await using var client = await _host.ConnectAsync(_host.Issuer.Token(userId));
        var all = (await client.CallAsync("list_tasks")).Data("tasks").EnumerateArray().Select(t => t.GetProperty("title").GetString()).ToList();
        var done = (await client.CallAsync("list_tasks", new { status = "DONE" })).Data("tasks").EnumerateArray().Select(t => t.GetProperty("title").GetString()).ToList();
        var secondOnly = (await client.CallAsync("list_tasks", new { organizationId = second.Id, status = "DONE" })).Data("tasks")
            .EnumerateArray().Select(t => t.GetProperty("title").GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(Enumerable.Range(70, 50).Reverse().Select(i => $"M{i}")));
            Assert.That(done, Is.EqualTo(Enumerable.Range(0, 120).Where(i => i % 3 == 0).Reverse().Take(50).Select(i => $"M{i}")));
            Assert.That(secondOnly, Is.EqualTo(Enumerable.Range(0, 120).Where(i => i % 3 == 0 && i % 2 == 1).Reverse().Select(i => $"M{i}")));
        });
    }

    [Test]
    public async Task List_tasks_items_have_the_original_fields_in_order_with_millisecond_utc_dates()
    {
        var (_, organizationId, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);
        await client.CallAsync("create_task", new { title = "Shape", description = new { blocks = new[] { new { type = "paragraph" } } }, assignee = "Ann" });

        var task = (await client.CallAsync("list_tasks", new { organizationId })).Data("tasks")[0];

        Assert.That(task.Keys(), Is.EqualTo(new[]
        {
            "id", "organizationId", "title", "description", "status", "completedAt", "assignee", "createdAt", "updatedAt",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(task.GetProperty("description").GetProperty("blocks")[0].GetProperty("type").GetString(), Is.EqualTo("paragraph"));
            Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("TODO"));
            Assert.That(task.GetProperty("completedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(task.GetProperty("assignee").GetString(), Is.EqualTo("Ann"));
            Assert.That(task.GetProperty("createdAt").GetString(), Does.Match(ToolAssertions.IsoMillis()));
            Assert.That(task.GetProperty("updatedAt").GetString(), Does.Match(ToolAssertions.IsoMillis()));
        });
    }

    [Test]
    public async Task List_tasks_filters_by_status_and_organization()
    {
        var userId = await _host.CreateUserAsync();
        var first = await _host.CreateOrganizationAsync();
        var second = await _host.CreateOrganizationAsync();
        await _host.AddMemberAsync(first.Id, userId);
        await _host.AddMemberAsync(second.Id, userId);
        await using var client = await _host.ConnectAsync(_host.Issuer.Token(userId));
        await client.CallAsync("create_task", new { title = "A todo", organizationId = first.Id });
        await client.CallAsync("create_task", new { title = "A done", organizationId = first.Id, status = "DONE" });
        await client.CallAsync("create_task", new { title = "B todo", organizationId = second.Id });

        var done = (await client.CallAsync("list_tasks", new { status = "DONE" })).Data("tasks");
        var inSecond = (await client.CallAsync("list_tasks", new { organizationId = second.Id })).Data("tasks");
        var todoInFirst = (await client.CallAsync("list_tasks", new { organizationId = first.Id, status = "TODO" })).Data("tasks");
        var all = (await client.CallAsync("list_tasks")).Data("tasks");

        Assert.Multiple(() =>
        {
            Assert.That(done.EnumerateArray().Select(t => t.GetProperty("title").GetString()), Is.EqualTo(new[] { "A done" }));
            Assert.That(inSecond.EnumerateArray().Select(t => t.GetProperty("title").GetString()), Is.EqualTo(new[] { "B todo" }));
            Assert.That(todoInFirst.EnumerateArray().Select(t => t.GetProperty("title").GetString()), Is.EqualTo(new[] { "A todo" }));
            Assert.That(all.GetArrayLength(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task List_tasks_refuses_an_organization_the_user_is_not_a_member_of()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        var (_, foreignOrganization, foreignToken) = await _host.MemberWithOrganizationAsync();
        await using (var foreign = await _host.ConnectAsync(foreignToken))
        {
            await foreign.CallAsync("create_task", new { title = "Secret" });
        }

        await using var client = await _host.ConnectAsync(token);

        (await client.CallAsync("list_tasks", new { organizationId = foreignOrganization }))
            .AssertError($"You do not have access to organization {foreignOrganization}.");
        (await client.CallAsync("list_tasks", new { organizationId = 999999 }))
            .AssertError("You do not have access to organization 999999.");
    }

    [Test]
    public async Task List_tasks_of_an_own_empty_organization_is_an_empty_list()
    {
        var (_, organizationId, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        var result = await client.CallAsync("list_tasks", new { organizationId, status = "CANCELLED" });

        Assert.That(result.Data("tasks").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task List_tasks_rejects_invalid_arguments_naming_the_field()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        (await client.CallAsync("list_tasks", new { status = "done" })).AssertErrorNaming("status");
        (await client.CallAsync("list_tasks", new { organizationId = "abc" })).AssertErrorNaming("organizationId");
        (await client.CallAsync("list_tasks", new { organizationId = 1.5 })).AssertErrorNaming("organizationId");
    }

    // ---- get_task --------------------------------------------------------------------------

    [Test]
    public async Task Get_task_returns_owners_with_users_subtasks_and_parent()
    {
        var (userId, organizationId, token) = await _host.MemberWithOrganizationAsync();
        var coOwner = await _host.CreateUserAsync("Co Owner");
        await _host.AddMemberAsync(organizationId, coOwner);
        await using var client = await _host.ConnectAsync(token);
        var parentId = (await client.CallAsync("create_task", new { title = "Parent" })).Data().GetProperty("id").GetInt32();
        var taskId = (await client.CallAsync("create_task", new { title = "Child", description = new { text = "hi", n = 1 } })).Data().GetProperty("id").GetInt32();
        var subtaskId = (await client.CallAsync("create_task", new { title = "Grandchild", status = "IN_PROGRESS" })).Data().GetProperty("id").GetInt32();
        await using (var db = _host.App.CreateDbContext())
        {
            var tasks = await db.Tasks.Include(t => t.Owners).Where(t => t.Id == parentId || t.Id == taskId || t.Id == subtaskId).ToDictionaryAsync(t => t.Id);
            tasks[taskId].MakeSubtaskOf(tasks[parentId], DateTimeOffset.UtcNow);
            tasks[subtaskId].MakeSubtaskOf(tasks[taskId], DateTimeOffset.UtcNow);
            tasks[taskId].AddOwner(coOwner, isPrimary: false, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var task = (await client.CallAsync("get_task", new { taskId })).Data();

        Assert.That(task.Keys(), Is.EqualTo(new[]
        {
            "id", "organizationId", "title", "description", "status", "completedAt", "parentId", "assignee", "createdAt", "updatedAt",
            "owners", "subtasks", "parent",
        }));
        var owners = task.GetProperty("owners");
        Assert.Multiple(() =>
        {
            Assert.That(task.GetProperty("id").GetInt32(), Is.EqualTo(taskId));
            Assert.That(task.GetProperty("organizationId").GetInt32(), Is.EqualTo(organizationId));
            Assert.That(task.GetProperty("description").GetProperty("text").GetString(), Is.EqualTo("hi"));
            Assert.That(task.GetProperty("parentId").GetInt32(), Is.EqualTo(parentId));
            Assert.That(task.GetProperty("parent").GetProperty("id").GetInt32(), Is.EqualTo(parentId));
            Assert.That(task.GetProperty("parent").GetProperty("title").GetString(), Is.EqualTo("Parent"));
            Assert.That(task.GetProperty("parent").Keys(), Is.EqualTo(new[] { "id", "title" }));

            Assert.That(owners.GetArrayLength(), Is.EqualTo(2));
            Assert.That(owners[0].Keys(), Is.EqualTo(new[] { "id", "taskId", "userId", "isPrimary", "assignedAt", "user" }));
            Assert.That(owners[0].GetProperty("userId").GetInt32(), Is.EqualTo(userId));
            Assert.That(owners[0].GetProperty("taskId").GetInt32(), Is.EqualTo(taskId));
            Assert.That(owners[0].GetProperty("isPrimary").GetBoolean(), Is.True, "the creator is the primary owner");
            Assert.That(owners[0].GetProperty("assignedAt").GetString(), Does.Match(ToolAssertions.IsoMillis()));
            Assert.That(owners[0].GetProperty("user").Keys(), Is.EqualTo(new[] { "id", "name", "email" }));
            Assert.That(owners[0].GetProperty("user").GetProperty("id").GetInt32(), Is.EqualTo(userId));
            Assert.That(owners[1].GetProperty("userId").GetInt32(), Is.EqualTo(coOwner));
            Assert.That(owners[1].GetProperty("isPrimary").GetBoolean(), Is.False);
            Assert.That(owners[1].GetProperty("user").GetProperty("name").GetString(), Is.EqualTo("Co Owner"));
            Assert.That(owners[1].GetProperty("user").GetProperty("email").GetString(), Does.EndWith("@example.com"));

            var subtask = task.GetProperty("subtasks").EnumerateArray().Single();
            Assert.That(subtask.Keys(), Is.EqualTo(new[] { "id", "title", "status", "completedAt" }));
            Assert.That(subtask.GetProperty("id").GetInt32(), Is.EqualTo(subtaskId));
            Assert.That(subtask.GetProperty("status").GetString(), Is.EqualTo("IN_PROGRESS"));
        });

        var root = (await client.CallAsync("get_task", new { taskId = parentId })).Data();
        Assert.That(root.GetProperty("parent").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("parentId").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Get_task_of_a_foreign_or_missing_task_is_not_found_or_not_accessible()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        var (_, _, foreignToken) = await _host.MemberWithOrganizationAsync();
        int foreignTask;
        await using (var foreign = await _host.ConnectAsync(foreignToken))
        {
            foreignTask = (await foreign.CallAsync("create_task", new { title = "Secret" })).Data().GetProperty("id").GetInt32();
        }

        await using var client = await _host.ConnectAsync(token);

        (await client.CallAsync("get_task", new { taskId = foreignTask })).AssertError($"Task with ID {foreignTask} not found or not accessible.");
        (await client.CallAsync("get_task", new { taskId = 987654321 })).AssertError("Task with ID 987654321 not found or not accessible.");
    }

    [Test]
    public async Task Get_task_rejects_a_missing_or_mistyped_task_id()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        (await client.CallAsync("get_task")).AssertErrorNaming("taskId");
        (await client.CallAsync("get_task", new { taskId = "12" })).AssertErrorNaming("taskId");
    }

    // ---- create_task -----------------------------------------------------------------------

    [Test]
    public async Task Create_task_uses_the_only_organization_and_defaults()
    {
        var (userId, organizationId, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        var task = (await client.CallAsync("create_task", new { title = "  Plan the sprint  " })).Data();

        Assert.That(task.Keys(), Is.EqualTo(new[] { "id", "organizationId", "title", "description", "status", "assignee", "createdAt" }));
        Assert.Multiple(() =>
        {
            Assert.That(task.GetProperty("organizationId").GetInt32(), Is.EqualTo(organizationId));
            Assert.That(task.GetProperty("title").GetString(), Is.EqualTo("Plan the sprint"));
            Assert.That(task.GetProperty("description").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("TODO"));
            Assert.That(task.GetProperty("assignee").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(task.GetProperty("createdAt").GetString(), Does.Match(ToolAssertions.IsoMillis()));
        });

        await using var db = _host.App.CreateDbContext();
        var stored = await db.Tasks.Include(t => t.Owners).SingleAsync(t => t.Id == task.GetProperty("id").GetInt32());
        Assert.That(stored.Owners.Select(o => (o.UserId, o.IsPrimary)), Is.EqualTo(new[] { (userId, true) }));
    }

    [Test]
    public async Task Create_task_stores_description_status_and_assignee()
    {
        var (_, organizationId, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        var task = (await client.CallAsync("create_task", new
        {
            organizationId,
            title = "Rich",
            description = new { blocks = new object[] { new { type = "paragraph", data = new { text = "hello" } } } },
            status = "IN_PROGRESS",
            assignee = "Bob",
        })).Data();
        var fetched = (await client.CallAsync("get_task", new { taskId = task.GetProperty("id").GetInt32() })).Data();

        Assert.Multiple(() =>
        {
            Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("IN_PROGRESS"));
            Assert.That(task.GetProperty("assignee").GetString(), Is.EqualTo("Bob"));
            Assert.That(fetched.GetProperty("description").GetProperty("blocks")[0].GetProperty("data").GetProperty("text").GetString(), Is.EqualTo("hello"));
            Assert.That(fetched.GetProperty("status").GetString(), Is.EqualTo("IN_PROGRESS"));
        });
    }

    [Test]
    public async Task Create_task_without_organization_needs_exactly_one_membership()
    {
        var loner = await _host.CreateUserAsync();
        var busy = await _host.CreateUserAsync();
        var first = await _host.CreateOrganizationAsync();
        var second = await _host.CreateOrganizationAsync();
        await _host.AddMemberAsync(first.Id, busy);
        await _host.AddMemberAsync(second.Id, busy);

        await using (var client = await _host.ConnectAsync(_host.Issuer.Token(loner)))
        {
            (await client.CallAsync("create_task", new { title = "x" })).AssertError("User is not a member of any organization.");
        }

        await using (var client = await _host.ConnectAsync(_host.Issuer.Token(busy)))
        {
            (await client.CallAsync("create_task", new { title = "x" })).AssertError(
                "User belongs to multiple organizations. Call list_organizations to find the correct id, then pass it as organizationId.");
            var created = (await client.CallAsync("create_task", new { title = "x", organizationId = second.Id })).Data();
            Assert.That(created.GetProperty("organizationId").GetInt32(), Is.EqualTo(second.Id));
        }
    }

    [Test]
    public async Task Create_task_in_a_foreign_organization_is_refused_and_creates_nothing()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        var (_, foreignOrganization, _) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        (await client.CallAsync("create_task", new { title = "Intrusion", organizationId = foreignOrganization }))
            .AssertError($"You do not have access to organization {foreignOrganization}.");

        await using var db = _host.App.CreateDbContext();
        Assert.That(await db.Tasks.AnyAsync(t => t.OrganizationId == foreignOrganization), Is.False);
    }

    [Test]
    public async Task Create_task_rejects_invalid_arguments_naming_the_field()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);

        (await client.CallAsync("create_task")).AssertErrorNaming("title");
        (await client.CallAsync("create_task", new { title = "" })).AssertErrorNaming("title");
        (await client.CallAsync("create_task", new { title = new string('x', 501) })).AssertErrorNaming("title");
        (await client.CallAsync("create_task", new { title = 42 })).AssertErrorNaming("title");
        (await client.CallAsync("create_task", new { title = "ok", status = "OPEN" })).AssertErrorNaming("status");
        (await client.CallAsync("create_task", new { title = "ok", assignee = 7 })).AssertErrorNaming("assignee");
        (await client.CallAsync("create_task", new { title = "ok", organizationId = "one" })).AssertErrorNaming("organizationId");
        Assert.That((await client.CallAsync("create_task", new { title = new string('x', 500) })).IsError, Is.Not.True, "500 characters are allowed");
    }

    // ---- update_task -----------------------------------------------------------------------

    [Test]
    public async Task Update_task_changes_only_the_supplied_fields()
    {
        var (_, organizationId, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);
        var created = (await client.CallAsync("create_task", new { title = "Before", assignee = "Ann", description = new { v = 1 } })).Data();
        var taskId = created.GetProperty("id").GetInt32();

        var updated = (await client.CallAsync("update_task", new { taskId, title = "After" })).Data();

        Assert.That(updated.Keys(), Is.EqualTo(new[] { "id", "organizationId", "title", "description", "status", "assignee", "completedAt", "updatedAt" }));
        Assert.Multiple(() =>
        {
            Assert.That(updated.GetProperty("id").GetInt32(), Is.EqualTo(taskId));
            Assert.That(updated.GetProperty("organizationId").GetInt32(), Is.EqualTo(organizationId));
            Assert.That(updated.GetProperty("title").GetString(), Is.EqualTo("After"));
            Assert.That(updated.GetProperty("assignee").GetString(), Is.EqualTo("Ann"));
            Assert.That(updated.GetProperty("status").GetString(), Is.EqualTo("TODO"));
            Assert.That(updated.GetProperty("description").GetProperty("v").GetInt32(), Is.EqualTo(1));
            Assert.That(updated.GetProperty("completedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(updated.GetProperty("updatedAt").GetString(), Does.Match(ToolAssertions.IsoMillis()));
            Assert.That(string.CompareOrdinal(updated.GetProperty("updatedAt").GetString(), created.GetProperty("createdAt").GetString()), Is.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public async Task Update_task_sets_status_completion_time_and_clears_fields()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);
        var taskId = (await client.CallAsync("create_task", new { title = "T", assignee = "Ann", description = new { v = 1 } })).Data().GetProperty("id").GetInt32();

        var done = (await client.CallAsync("update_task", new { taskId, status = "DONE" })).Data();
        Assert.That(done.GetProperty("completedAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "DONE alone does not set completedAt");

        var completed = (await client.CallAsync("update_task", new { taskId, completedAt = "2025-03-04T05:06:07+02:00" })).Data();
        Assert.That(completed.GetProperty("completedAt").GetString(), Is.EqualTo("2025-03-04T03:06:07.000Z"));

        var cleared = (await client.CallAsync("update_task", new { taskId, assignee = (string?)null, description = (object?)null })).Data();
        Assert.Multiple(() =>
        {
            Assert.That(cleared.GetProperty("assignee").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(cleared.GetProperty("description").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(cleared.GetProperty("status").GetString(), Is.EqualTo("DONE"));
            Assert.That(cleared.GetProperty("completedAt").GetString(), Is.EqualTo("2025-03-04T03:06:07.000Z"));
        });

        await using var db = _host.App.CreateDbContext();
        var stored = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
        Assert.That(stored.Description, Is.EqualTo("null"), "description: null stores JSON null");
    }

    [Test]
    public async Task Update_task_of_a_foreign_task_is_refused_and_changes_nothing()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        var (_, _, foreignToken) = await _host.MemberWithOrganizationAsync();
        int foreignTask;
        await using (var foreign = await _host.ConnectAsync(foreignToken))
        {
            foreignTask = (await foreign.CallAsync("create_task", new { title = "Theirs" })).Data().GetProperty("id").GetInt32();
        }

        await using var client = await _host.ConnectAsync(token);
        (await client.CallAsync("update_task", new { taskId = foreignTask, title = "Mine now" }))
            .AssertError($"Task with ID {foreignTask} not found or not accessible.");

        await using var db = _host.App.CreateDbContext();
        Assert.That((await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == foreignTask)).Title, Is.EqualTo("Theirs"));
    }

    [Test]
    public async Task Update_task_rejects_invalid_arguments_naming_the_field()
    {
        var (_, _, token) = await _host.MemberWithOrganizationAsync();
        await using var client = await _host.ConnectAsync(token);
        var taskId = (await client.CallAsync("create_task", new { title = "T" })).Data().GetProperty("id").GetInt32();

        (await client.CallAsync("update_task", new { title = "no id" })).AssertErrorNaming("taskId");
        (await client.CallAsync("update_task", new { taskId, completedAt = "yesterday" })).AssertErrorNaming("completedAt");
        (await client.CallAsync("update_task", new { taskId, completedAt = "2025-13-45T00:00:00Z" })).AssertErrorNaming("completedAt");
        (await client.CallAsync("update_task", new { taskId, status = "FINISHED" })).AssertErrorNaming("status");
        (await client.CallAsync("update_task", new { taskId, title = "" })).AssertErrorNaming("title");
        (await client.CallAsync("update_task", new { taskId, title = (string?)null })).AssertErrorNaming("title");
        (await client.CallAsync("update_task", new { taskId, title = new string('y', 501) })).AssertErrorNaming("title");
    }
}
