using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>
/// todos.create's group commit (decision 0108): concurrent creates for one project share a transaction,
/// yet every caller gets its own todo, localIds stay 1..N without gaps, ranks stay unique, and a bad
/// request or a caller that leaves affects nobody else.
/// </summary>
public sealed class TodoGroupCommitTests : BoardsFixture
{
    [Test]
    public async Task Sixty_four_concurrent_creates_get_localIds_1_to_64_each_answer_matching_its_stored_row_in_shared_transactions()
    {
        var slug = await NewProjectAsync();
        var titles = Enumerable.Range(1, 64).Select(i => $"Parallel {i}").ToArray();
        var responses = await Task.WhenAll(titles.Select(title => CallAsync(Owner, "todos.create", new { projectSlug = slug, title })));

        var answered = AssertAnswers(responses, titles);
        Assert.That(answered.Keys.Order(), Is.EqualTo(Enumerable.Range(1, 64)));
        var stored = await StoredAsync(slug);
        Assert.That(stored.Select(s => (s.LocalId, s.Title)), Is.EquivalentTo(answered.Select(a => (a.Key, a.Value))));
        var lane = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        Assert.That(lane.Select(l => l.Rank), Is.Unique.And.All.GreaterThan(0));
        // Queue order is localId order: the lane reads 1..64 from the top.
        Assert.That(lane.Select(l => l.LocalId), Is.EqualTo(Enumerable.Range(1, 64)));
        // The point of it: fewer transactions (hence WAL flushes) than todos.
        Assert.That(stored.Select(s => s.Transaction).Distinct().Count(), Is.LessThan(64));
    }

    [Test]
    public async Task Creates_interleaved_on_two_projects_and_two_lanes_number_each_project_from_1_without_gaps()
    {
        var first = await NewProjectAsync();
        var second = await NewProjectAsync();
        var calls = Enumerable.Range(1, 48).Select(i =>
        {
            var slug = i % 2 == 0 ? first : second;
            var columnKey = i % 3 == 0 ? "doing" : "backlog";
            return (Slug: slug, Title: $"Mixed {i}", Call: CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"Mixed {i}", columnKey }));
        }).ToList();
        await Task.WhenAll(calls.Select(c => c.Call));

        foreach (var slug in new[] { first, second })
        {
            var mine = calls.Where(c => c.Slug == slug).ToList();
            var answered = AssertAnswers(mine.Select(c => c.Call.Result).ToArray(), mine.Select(c => c.Title).ToArray());
            Assert.That(answered.Keys.Order(), Is.EqualTo(Enumerable.Range(1, 24)));
            var stored = await StoredAsync(slug);
            Assert.That(stored.Select(s => (s.LocalId, s.Title)), Is.EquivalentTo(answered.Select(a => (a.Key, a.Value))));
            foreach (var lane in new[] { "backlog", "doing" })
            {
                var ranks = (await BoardsDatabase.LaneAsync(App, slug, lane)).Select(l => l.Rank).ToList();
                Assert.That(ranks, Is.Unique.And.All.GreaterThan(0));
            }
        }
    }

    [Test]
    public async Task Invalid_requests_among_concurrent_valid_ones_fail_alone_with_their_usual_errors()
    {
        var slug = await NewProjectAsync();
        var (contributor, _) = await NewMemberAsync(slug, "contributor");
        var (outsider, _) = await NewUserAsync();
        var valid = Enumerable.Range(1, 24).Select(i => CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"Valid {i}" })).ToList();
        var blankTitle = CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "   " });
        var badPoints = CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", estimationPoints = 4 });
        var badColumn = CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", columnKey = "nowhere" });
        var tooLarge = CallAsync(Owner, "todos.create", new { projectSlug = slug, title = "x", body = new string('a', 20001) });
        var notMaintainer = CallAsync(contributor, "todos.create", new { projectSlug = slug, title = "x" });
        var notMember = CallAsync(outsider, "todos.create", new { projectSlug = slug, title = "x" });
        await Task.WhenAll([.. valid, blankTitle, badPoints, badColumn, tooLarge, notMaintainer, notMember]);

        blankTitle.Result.AssertValidation("validation: invalid title", new { });
        badPoints.Result.AssertValidation("validation: estimation points must be one of 1,2,3,5,8,13,20,40", new { });
        badColumn.Result.AssertValidation("validation: invalid columnKey", new { });
        tooLarge.Result.AssertValidation("validation: body too large", new { });
        notMaintainer.Result.AssertForbidden();
        notMember.Result.AssertNotFound();
        var answered = AssertAnswers(valid.Select(v => v.Result).ToArray(), Enumerable.Range(1, 24).Select(i => $"Valid {i}").ToArray());
        Assert.That(answered.Keys.Order(), Is.EqualTo(Enumerable.Range(1, 24)));
        Assert.That((await StoredAsync(slug)).Select(s => s.LocalId), Is.EqualTo(Enumerable.Range(1, 24)));
        contributor.Dispose();
        outsider.Dispose();
    }

    [Test]
    public async Task Batched_creates_and_creates_with_tags_or_anchors_share_one_gap_free_numbering()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Anchor");
        var calls = Enumerable.Range(1, 36).Select(i => (Title: $"Shape {i}", Call: (i % 3) switch
        {
            0 => CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"Shape {i}", tags = new[] { "shape" } }),
            1 => CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"Shape {i}", position = new { afterLocalId = 1 } }),
            _ => CallAsync(Owner, "todos.create", new { projectSlug = slug, title = $"Shape {i}" }),
        })).ToList();
        await Task.WhenAll(calls.Select(c => c.Call));

        var answered = AssertAnswers(calls.Select(c => c.Call.Result).ToArray(), calls.Select(c => c.Title).ToArray());
        Assert.That(answered.Keys.Order(), Is.EqualTo(Enumerable.Range(2, 36)));
        foreach (var tagged in calls.Where((_, i) => (i + 1) % 3 == 0))
        {
            Assert.That(tagged.Call.Result.Data.GetProperty("todo").GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "shape" }));
        }

        var lane = await BoardsDatabase.LaneAsync(App, slug, "backlog");
        Assert.That(lane.Select(l => l.LocalId).Order(), Is.EqualTo(Enumerable.Range(1, 37)));
        Assert.That(lane.Select(l => l.Rank), Is.Unique.And.All.GreaterThan(0));
        // Every todo placed after #1 sits right below it or below another one so placed: #1 stays first.
        Assert.That(lane[0].LocalId, Is.EqualTo(1));
    }

    [Test]
    public async Task Callers_that_leave_lose_nothing_for_the_others_and_duplicate_nothing()
    {
        var slug = await NewProjectAsync();
        // Every third caller gives up after a few milliseconds: before, during or after its batch.
        var leaving = Enumerable.Range(1, 48).ToDictionary(i => i, i => i % 3 == 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(i % 7)) : null);
        var calls = leaving.Select(l => (Title: $"Leaving {l.Key}", Leaves: l.Value is not null,
            Call: SendCancellableAsync(Owner, slug, $"Leaving {l.Key}", l.Value?.Token ?? CancellationToken.None))).ToList();
        await Task.WhenAll(calls.Select(c => c.Call));
        foreach (var cancel in leaving.Values)
        {
            cancel?.Dispose();
        }

        Assert.That(calls.Where(c => !c.Leaves).Select(c => c.Call.Result), Is.All.Not.Null);
        var finished = calls.Where(c => c.Call.Result is not null).ToList();
        var answered = AssertAnswers(finished.Select(c => c.Call.Result!).ToArray(), finished.Select(c => c.Title).ToArray());
        var stored = await StoredAsync(slug);
        Assert.That(stored.Select(s => s.LocalId), Is.EqualTo(Enumerable.Range(1, stored.Count)));
        Assert.That(stored.Select(s => s.Title), Is.Unique);
        // Everyone who got an answer has exactly that row; the others have at most one row each.
        foreach (var (localId, title) in answered)
        {
            Assert.That(stored.Single(s => s.LocalId == localId).Title, Is.EqualTo(title));
        }

        Assert.That(stored.Select(s => s.Title), Is.SubsetOf(calls.Select(c => c.Title)));
    }

    [Test]
    public async Task When_the_transaction_fails_every_caller_in_it_gets_the_error_it_would_get_alone()
    {
        using var app = new PlatformApp();
        using var owner = await app.BootstrapAsync();
        var created = await owner.PostJsonAsync("/api/projects", new { name = "Breaks Batches" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var slug = (await created.ReadJsonAsync()).GetProperty("slug").GetString()!;
        var alone = await SendCancellableAsync(owner, slug, "before", CancellationToken.None);
        alone!.AssertOk();

        // Inserts fail from now on (what the lock reads still works).
        await BoardsDatabase.ExecuteAsync(app, "ALTER TABLE boards.todos ADD CONSTRAINT no_more_todos CHECK (local_id < 2) NOT VALID");
        var responses = await Task.WhenAll(Enumerable.Range(1, 16).Select(i => SendCancellableAsync(owner, slug, $"doomed {i}", CancellationToken.None)));
        foreach (var response in responses)
        {
            var details = response!.AssertError(HttpStatusCode.InternalServerError, "INTERNAL", "internal error");
            Assert.That(McpResponse.Keys(details), Is.EqualTo(new[] { "traceId" }));
            Assert.That(response.Text, Does.Not.Contain("no_more_todos"));
        }

        await BoardsDatabase.ExecuteAsync(app, "ALTER TABLE boards.todos DROP CONSTRAINT no_more_todos");
        var after = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => SendCancellableAsync(owner, slug, $"after {i}", CancellationToken.None)));
        Assert.That(after.Select(r => r!.Data.GetProperty("todo").GetProperty("localId").GetInt32()).Order(), Is.EqualTo(Enumerable.Range(2, 8)));
    }

    /// <summary>Each answer is 200 with the caller's own title; returns localId → title (localIds unique).</summary>
    private static Dictionary<int, string> AssertAnswers(IReadOnlyList<McpResponse> responses, IReadOnlyList<string> titles)
    {
        var answered = new Dictionary<int, string>();
        for (var i = 0; i < responses.Count; i++)
        {
            var todo = responses[i].AssertOk().GetProperty("todo");
            Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo(titles[i]));
            Assert.That(answered.TryAdd(todo.GetProperty("localId").GetInt32(), titles[i]), Is.True, responses[i].Text);
        }

        return answered;
    }

    /// <summary>The project's todos by localId, with the id of the transaction that inserted each (xmin).</summary>
    private async Task<List<(int LocalId, string Title, string Transaction)>> StoredAsync(string slug)
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT t.local_id, t.title, t.xmin::text FROM boards.todos t JOIN boards.projects p ON p.id = t.project_id WHERE p.slug = @slug ORDER BY t.local_id",
            connection);
        command.Parameters.AddWithValue("slug", slug);
        var rows = new List<(int, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>todos.create that the client may abandon; null when it did.</summary>
    private static async Task<McpResponse?> SendCancellableAsync(TestClient client, string slug, string title, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { tool = "todos.create", input = new { projectSlug = slug, title } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            var response = await client.Http.SendAsync(request, cancellationToken);
            return new McpResponse(response, await response.Content.ReadAsStringAsync(CancellationToken.None));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
