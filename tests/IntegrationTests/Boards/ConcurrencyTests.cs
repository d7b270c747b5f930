using System.Net;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// Writes that race: numbers are allocated without duplicates, lanes keep a strict order, one
/// sprint stays ACTIVE, and no lock conflict surfaces as a 500.
/// </summary>
public sealed class ConcurrencyTests : BoardsFixture
{
    [Test]
    public async Task Twenty_concurrent_creates_get_localIds_exactly_1_to_20()
    {
        var slug = await NewProjectAsync();
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"Concurrent {i}", tags = new[] { "race", $"t{i % 3}" } })));
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", responses.Select(r => r.Text)));
        var localIds = responses.Select(r => r.Data.GetProperty("todo").GetProperty("localId").GetInt32()).Order();
        Assert.That(localIds, Is.EqualTo(Enumerable.Range(1, 20)));
        var lane = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        Assert.That(lane, Has.Count.EqualTo(20));
        Assert.That(lane.Select(l => l.Rank), Is.Unique);
    }

    [Test]
    public async Task Concurrent_moves_in_one_column_keep_a_strict_order_without_duplicate_ranks()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 8; i++)
        {
            await CreateTodoAsync(Owner, slug, $"m{i}");
        }

        var moves = Enumerable.Range(0, 24).Select(i =>
        {
            var localId = (i % 8) + 1;
            return i % 3 == 0
                ? CallAsync(Owner, "todos.move", new { projectSlug = slug, localId, toColumnKey = "doing" })
                : CallAsync(Owner, "todos.move", new { projectSlug = slug, localId, toColumnKey = "backlog" });
        });
        var responses = await Task.WhenAll(moves);
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", responses.Select(r => r.Text)));

        var backlog = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        var doing = await BoardsDatabase.LaneAsync(App, slug, "doing");
        Assert.That(backlog.Concat(doing).Select(l => l.LocalId).Order(), Is.EqualTo(Enumerable.Range(1, 8)));
        Assert.That(backlog.Select(l => l.Rank), Is.Unique.And.Ordered.And.All.GreaterThan(0));
        Assert.That(doing.Select(l => l.Rank), Is.Unique.And.Ordered.And.All.GreaterThan(0));
    }

    [Test]
    public async Task Concurrent_moves_to_the_top_keep_ranks_positive_and_unique()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 6; i++)
        {
            await CreateTodoAsync(Owner, slug, $"top{i}");
        }

        // "before the first item" is only valid while that item is first: races give 400s, never 500s.
        var responses = await Task.WhenAll(Enumerable.Range(2, 5).Select(localId =>
            CallAsync(Owner, "todos.move", new { projectSlug = slug, localId, toColumnKey = "backlog", beforeLocalId = 1 })));
        Assert.That(responses.Select(r => r.Status), Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.BadRequest));
        Assert.That(responses.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(1));
        var lane = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        Assert.That(lane, Has.Count.EqualTo(6));
        Assert.That(lane.Select(l => l.Rank), Is.Unique.And.Ordered.And.All.GreaterThan(0));
    }

    [Test]
    public async Task Board_reads_during_concurrent_moves_show_every_todo_exactly_once()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 6; i++)
        {
            await CreateTodoAsync(Owner, slug, $"b{i}");
        }

        string[] lanes = ["doing", "testing", "backlog", "done"];
        var calls = new List<Task<McpResponse>>();
        for (var i = 0; i < 24; i++)
        {
            calls.Add(CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = (i % 6) + 1, toColumnKey = lanes[i % lanes.Length] }));
            calls.Add(CallAsync(Owner, "board.get", new { projectSlug = slug }));
        }

        var responses = await Task.WhenAll(calls);
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK));
        foreach (var board in responses.Where(r => r.Json.GetProperty("data").TryGetProperty("columns", out _)))
        {
            var ids = board.Data.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray()).Select(t => t.GetProperty("localId").GetInt32());
            Assert.That(ids.Order(), Is.EqualTo(Enumerable.Range(1, 6)), board.Text);
            var totals = board.Meta.GetProperty("totalCountByColumn").EnumerateObject().Sum(p => p.Value.GetInt32());
            Assert.That(totals, Is.EqualTo(6));
        }
    }

    [Test]
    public async Task Concurrent_activations_leave_exactly_one_active_sprint()
    {
        var slug = await NewProjectAsync();
        var ids = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await CreateSprintAsync(slug, $"Race {i}"));
        }

        var responses = await Task.WhenAll(ids.Select(id => CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })));
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", responses.Select(r => r.Text)));
        var states = (await CallAsync(Owner, "sprints.list", new { projectSlug = slug })).AssertOk().GetProperty("items").EnumerateArray()
            .Select(s => s.GetProperty("state").GetString()).ToList();
        Assert.That(states.Count(s => s == "ACTIVE"), Is.EqualTo(1));
        Assert.That(states.Count(s => s == "CLOSED"), Is.EqualTo(5));
    }

    [Test]
    public async Task Concurrent_activations_of_the_same_sprint_succeed_once()
    {
        var slug = await NewProjectAsync();
        var id = await CreateSprintAsync(slug, "Once");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CallAsync(Owner, "sprints.activate", new { projectSlug = slug, sprintId = id })));
        Assert.That(responses.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(1));
        foreach (var rejected in responses.Where(r => r.Status != HttpStatusCode.OK))
        {
            rejected.AssertValidation("sprint must be PLANNED to activate", new { field = "sprintId" });
        }
    }

    [Test]
    public async Task Concurrent_sprint_creates_get_unique_numbers()
    {
        var slug = await NewProjectAsync();
        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = $"Parallel {i}", plannedStartAt = "2026-01-01T00:00:00Z", plannedEndAt = "2026-01-14T00:00:00Z" })));
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK));
        var numbers = responses.Select(r => r.Data.GetProperty("sprint").GetProperty("number").GetInt32()).Order();
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(1, 12)));
    }

    [Test]
    public async Task Concurrent_sprint_creates_with_one_name_create_one_sprint()
    {
        var slug = await NewProjectAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            CallAsync(Owner, "sprints.create", new { projectSlug = slug, name = "Same", plannedStartAt = "2026-01-01T00:00:00Z", plannedEndAt = "2026-01-14T00:00:00Z" })));
        Assert.That(responses.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(1));
        foreach (var rejected in responses.Where(r => r.Status != HttpStatusCode.OK))
        {
            rejected.AssertValidation("validation: a sprint with this name already exists in the project", new { });
        }
    }

    [Test]
    public async Task Concurrent_adds_of_one_member_succeed_once()
    {
        var slug = await NewProjectAsync();
        var (_, userId) = await NewUserAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CallAsync(Owner, "members.add", new { projectSlug = slug, userId, role = "viewer" })));
        Assert.That(responses.Count(r => r.Status == HttpStatusCode.OK), Is.EqualTo(1));
        foreach (var rejected in responses.Where(r => r.Status != HttpStatusCode.OK))
        {
            rejected.AssertConflict("conflict: user is already a member");
        }
    }

    [Test]
    public async Task Concurrent_projects_with_one_name_get_distinct_slugs()
    {
        var name = Unique("Same name");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Owner.PostJsonAsync("/api/projects", new { name })));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        var slugs = new List<string>();
        foreach (var response in responses)
        {
            slugs.Add((await response.ReadJsonAsync()).GetProperty("slug").GetString()!);
        }

        Assert.That(slugs, Is.Unique);
    }

    [Test]
    public async Task One_user_tagging_in_many_projects_at_once_creates_each_tag_once()
    {
        var slugs = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            slugs.Add(await NewProjectAsync());
        }

        var tag = $"fresh{Guid.NewGuid():N}"[..20];
        var responses = await Task.WhenAll(slugs.Select(slug => CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "tagged", tags = new[] { tag } })));
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", responses.Select(r => r.Text)));
        var mine = (await CallAsync(Owner, "tags.listMine")).AssertOk().GetProperty("items").EnumerateArray().Count(t => t.GetProperty("name").GetString() == tag);
        Assert.That(mine, Is.EqualTo(1));
    }

    [Test]
    [Repeat(3)]
    public async Task Mixed_concurrent_writes_in_one_project_never_fail_with_a_server_error()
    {
        var slug = await NewProjectAsync();
        var sprint = await CreateSprintAsync(slug, "Mixed");
        for (var i = 1; i <= 4; i++)
        {
            await CreateTodoAsync(Owner, slug, $"seed {i}");
        }

        var calls = new List<Task<McpResponse>>();
        for (var i = 0; i < 8; i++)
        {
            calls.Add(CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"mixed {i}", tags = new[] { "mixed" } }));
            calls.Add(CallAsync(Owner, "todos.move", new { projectSlug = slug, localId = (i % 4) + 1, toColumnKey = i % 2 == 0 ? "doing" : "done" }));
            calls.Add(CallAsync(Owner, "todos.update", new { projectSlug = slug, localId = (i % 4) + 1, patch = new { tags = new[] { $"u{i}" }, sprintId = sprint } }));
            calls.Add(CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 5 }));
        }

        var responses = await Task.WhenAll(calls);
        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", responses.Where(r => r.Status != HttpStatusCode.OK).Select(r => r.Text)));
    }
}
