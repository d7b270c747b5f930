using System.Net;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Boards.Support;

namespace Platform.IntegrationTests.Boards;

/// <summary>board.get: shape, per-column keyset pagination, filters and their errors.</summary>
public sealed class BoardTests : BoardsFixture
{
    [Test]
    public async Task MCPBoardGetSuccess()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "In backlog", new { tags = new[] { "bug" } });
        await CreateTodoAsync(Owner, slug, "In doing", new { columnKey = "doing" });
        var response = await CallAsync(Owner, "board.get", new { projectSlug = slug });
        var data = response.AssertOk();
        Assert.That(McpResponse.Keys(data), Is.EqualTo(new[] { "project", "columns" }));
        var project = data.GetProperty("project");
        Assert.That(McpResponse.Keys(project), Is.EqualTo(new[] { "projectSlug", "name", "role" }));
        Assert.That(project.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(project.GetProperty("role").GetString(), Is.EqualTo("maintainer"));
        Assert.That(project.TryGetProperty("projectId", out _), Is.False);

        var columns = data.GetProperty("columns");
        Assert.That(columns.EnumerateArray().Select(c => c.GetProperty("key").GetString()), Is.EqualTo(new[] { "backlog", "not_started", "doing", "testing", "done" }));
        Assert.That(columns.EnumerateArray().Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "Backlog", "Not Started", "In Progress", "Testing", "Done" }));
        var backlog = columns[0].GetProperty("items");
        Assert.That(backlog.GetArrayLength(), Is.EqualTo(1));
        var item = backlog[0];
        Assert.That(item.GetProperty("projectSlug").GetString(), Is.EqualTo(slug));
        Assert.That(item.GetProperty("title").GetString(), Is.EqualTo("In backlog"));
        Assert.That(item.GetProperty("columnKey").GetString(), Is.EqualTo("backlog"));
        Assert.That(item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "bug" }));
        Assert.That(item.TryGetProperty("id", out _), Is.False);
        Assert.That(columns[1].GetProperty("items").GetArrayLength(), Is.EqualTo(0));

        Assert.That(response.Meta.GetRawText(), Is.EqualTo(
            "{\"nextCursorByColumn\":{\"backlog\":null,\"not_started\":null,\"doing\":null,\"testing\":null,\"done\":null},"
            + "\"hasMoreByColumn\":{\"backlog\":false,\"not_started\":false,\"doing\":false,\"testing\":false,\"done\":false},"
            + "\"totalCountByColumn\":{\"backlog\":1,\"not_started\":0,\"doing\":1,\"testing\":0,\"done\":0}}"));
    }

    [Test]
    public async Task MCPBoardGetPerColumnPagination()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 3; i++)
        {
            await CreateTodoAsync(Owner, slug, $"t{i}");
        }

        var first = await CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 2 });
        first.AssertOk();
        Assert.That(first.Meta.GetProperty("hasMoreByColumn").GetProperty("backlog").GetBoolean(), Is.True);
        var cursor = first.Meta.GetProperty("nextCursorByColumn").GetProperty("backlog").GetString();
        Assert.That(cursor, Is.Not.Null.And.Not.Empty);
        Assert.That(first.Meta.GetProperty("totalCountByColumn").GetProperty("backlog").GetInt32(), Is.EqualTo(3));

        var second = await CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 2, cursorByColumn = new Dictionary<string, string> { ["backlog"] = cursor! } });
        var items = second.AssertOk().GetProperty("columns")[0].GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        Assert.That(items[0].GetProperty("localId").GetInt32(), Is.EqualTo(3));
        Assert.That(second.Meta.GetProperty("hasMoreByColumn").GetProperty("backlog").GetBoolean(), Is.False);
        Assert.That(second.Meta.GetProperty("nextCursorByColumn").GetProperty("backlog").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(second.Meta.GetProperty("totalCountByColumn").GetProperty("backlog").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Pages_follow_each_column_independently_until_exhausted()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 7; i++)
        {
            await CreateTodoAsync(Owner, slug, $"b{i}");
        }

        for (var i = 8; i <= 11; i++)
        {
            await CreateTodoAsync(Owner, slug, $"d{i}", new { columnKey = "doing" });
        }

        var cursors = new Dictionary<string, string>();
        var backlogPages = new List<int[]>();
        var doingFirst = Array.Empty<int>();
        for (var page = 0; page < 5; page++)
        {
            var response = await CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 3, cursorByColumn = cursors });
            var columns = response.AssertOk().GetProperty("columns");
            backlogPages.Add(columns[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("localId").GetInt32()).ToArray());
            if (page == 0)
            {
                doingFirst = columns[2].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("localId").GetInt32()).ToArray();
            }

            // Only the backlog cursor is passed on: the doing column keeps showing its first page.
            Assert.That(columns[2].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("localId").GetInt32()), Is.EqualTo(doingFirst));
            var next = response.Meta.GetProperty("nextCursorByColumn").GetProperty("backlog");
            if (next.ValueKind == JsonValueKind.Null)
            {
                break;
            }

            cursors["backlog"] = next.GetString()!;
        }

        Assert.That(backlogPages, Is.EqualTo(new[] { new[] { 1, 2, 3 }, new[] { 4, 5, 6 }, new[] { 7 } }));
        Assert.That(doingFirst, Is.EqualTo(new[] { 8, 9, 10 }));
    }

    [Test]
    public async Task Cursors_are_unpadded_base64url_of_rank_and_id()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "a");
        await CreateTodoAsync(Owner, slug, "b");
        var meta = (await CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 1 })).Meta;
        var cursor = meta.GetProperty("nextCursorByColumn").GetProperty("backlog").GetString()!;
        Assert.That(cursor, Does.Match("^[A-Za-z0-9_-]+$"));
        var padded = cursor.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        Assert.That(Encoding.ASCII.GetString(Convert.FromBase64String(padded)), Does.Match(@"^1000:\d+$"));
    }

    [Test]
    public async Task Limit_defaults_to_20_and_must_be_1_to_100()
    {
        var slug = await NewProjectAsync();
        for (var i = 1; i <= 21; i++)
        {
            await CreateTodoAsync(Owner, slug, $"t{i}");
        }

        foreach (var input in new object[] { new { projectSlug = slug }, new { projectSlug = slug, limit = 0 }, new { projectSlug = slug, limit = (int?)null } })
        {
            var response = await CallAsync(Owner, "board.get", input);
            Assert.That(response.AssertOk().GetProperty("columns")[0].GetProperty("items").GetArrayLength(), Is.EqualTo(20));
            Assert.That(response.Meta.GetProperty("hasMoreByColumn").GetProperty("backlog").GetBoolean(), Is.True);
        }

        Assert.That((await CallAsync(Owner, "board.get", new { projectSlug = slug, limit = 100 })).AssertOk().GetProperty("columns")[0].GetProperty("items").GetArrayLength(), Is.EqualTo(21));
        foreach (var limit in new[] { 101, -1 })
        {
            // Field checks come before the project is resolved: an unknown slug still gives 400.
            (await CallAsync(Owner, "board.get", new { projectSlug = "demo", limit })).AssertValidation("invalid limit", new { field = "limit" });
        }
    }

    [Test]
    public async Task MCPBoardGetFilters()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Fix login bug", new { tags = new[] { "bug" } });
        await CreateTodoAsync(Owner, slug, "Fix login copy", new { tags = new[] { "docs" } });
        await CreateTodoAsync(Owner, slug, "Crash", new { tags = new[] { "bug" }, body = "happens after LOGIN" });
        var response = await CallAsync(Owner, "board.get", new { projectSlug = slug, tag = "bug", search = "login" });
        var titles = Titles(response.AssertOk());
        Assert.That(titles, Is.EqualTo(new[] { "Fix login bug", "Crash" }));
        Assert.That(response.Meta.GetProperty("totalCountByColumn").GetProperty("backlog").GetInt32(), Is.EqualTo(2));

        Assert.That(Titles((await CallAsync(Owner, "board.get", new { projectSlug = slug, tag = " BUG " })).AssertOk()), Is.EqualTo(new[] { "Fix login bug", "Crash" }));
        Assert.That(Titles((await CallAsync(Owner, "board.get", new { projectSlug = slug, search = "  copy " })).AssertOk()), Is.EqualTo(new[] { "Fix login copy" }));
        Assert.That(Titles((await CallAsync(Owner, "board.get", new { projectSlug = slug, search = "%" })).AssertOk()), Is.Empty);
        Assert.That(Titles((await CallAsync(Owner, "board.get", new { projectSlug = slug, tag = "nope" })).AssertOk()), Is.Empty);
    }

    [Test]
    public async Task MCPBoardGetSprintFilter()
    {
        var slug = await NewProjectAsync();
        var sprint = await CreateSprintAsync(slug, "Filter sprint");
        await CreateTodoAsync(Owner, slug, "In sprint", new { sprintId = sprint });
        await CreateTodoAsync(Owner, slug, "Not in sprint");
        var response = await CallAsync(Owner, "board.get", new { projectSlug = slug, sprintId = sprint });
        Assert.That(Titles(response.AssertOk()), Is.EqualTo(new[] { "In sprint" }));
        Assert.That(response.Meta.GetProperty("totalCountByColumn").GetProperty("backlog").GetInt32(), Is.EqualTo(1));
        Assert.That(Titles((await CallAsync(Owner, "board.get", new { projectSlug = slug, sprintId = (int?)null })).AssertOk()), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task Filter_and_cursor_errors()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "x");
        var other = await NewProjectAsync();
        var foreignSprint = await CreateSprintAsync(other, "Elsewhere");

        (await CallAsync(Owner, "board.get", new { })).AssertValidation("missing projectSlug", new { field = "projectSlug" });
        (await CallAsync(Owner, "board.get", new { projectSlug = "demo", tag = "!!" })).AssertValidation("invalid tag", new { field = "tag" });
        (await CallAsync(Owner, "board.get", new { projectSlug = "no-such-board", sprintId = 0 })).AssertNotFound();
        (await CallAsync(Owner, "board.get", new { projectSlug = slug, sprintId = 0 })).AssertValidation("invalid sprintId", new { field = "sprintId" });
        (await CallAsync(Owner, "board.get", new { projectSlug = slug, sprintId = -4 })).AssertValidation("invalid sprintId", new { field = "sprintId" });
        (await CallAsync(Owner, "board.get", new { projectSlug = slug, sprintId = 999999 })).AssertNotFound();
        (await CallAsync(Owner, "board.get", new { projectSlug = slug, sprintId = foreignSprint })).AssertNotFound();

        (await CallAsync(Owner, "board.get", new { projectSlug = slug, cursorByColumn = new Dictionary<string, string> { ["nope"] = "x" } }))
            .AssertValidation("invalid column cursor", new { field = "cursorByColumn", columnKey = "nope" });
        (await CallAsync(Owner, "board.get", new { projectSlug = slug, cursorByColumn = new Dictionary<string, string> { ["in-progress"] = "" } }))
            .AssertValidation("invalid column cursor", new { field = "cursorByColumn", columnKey = "in-progress" });
        foreach (var bad in new[] { "!!!", "MTAwMDoxMg==", "MDow", "YWJj", "MTAwMA", "MTAwMDp4" })
        {
            (await CallAsync(Owner, "board.get", new { projectSlug = slug, cursorByColumn = new Dictionary<string, string> { ["doing"] = bad } }))
                .AssertValidation("invalid board cursor", new { field = "cursorByColumn", columnKey = "doing" });
        }

        var blank = await CallAsync(Owner, "board.get", new { projectSlug = slug, cursorByColumn = new Dictionary<string, string?> { ["backlog"] = "  ", ["doing"] = null } });
        Assert.That(Titles(blank.AssertOk()), Is.EqualTo(new[] { "x" }));
        (await CallAsync(Owner, "board.get", new { projectSlug = slug, cursorByColumn = new Dictionary<string, int> { ["backlog"] = 1 } }))
            .AssertError(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid input");
    }

    [Test]
    public async Task The_board_shows_each_tag_name_once_while_todos_get_lists_every_link()
    {
        var slug = await NewProjectAsync();
        await CreateTodoAsync(Owner, slug, "Shared name", new { tags = new[] { "dup" } });
        var (_, otherUser) = await NewUserAsync();
        await BoardsDatabase.ExecuteAsync(App, """
            WITH tag AS (INSERT INTO boards.tags (name, owner_user_id, created_at) VALUES ('dup', @owner, now()) RETURNING id)
            INSERT INTO boards.todo_tags (todo_id, tag_id)
            SELECT t.id, tag.id FROM tag, boards.todos t JOIN boards.projects p ON p.id = t.project_id WHERE p.slug = @slug AND t.local_id = 1
            """, ("owner", otherUser), ("slug", slug));

        var boardTags = (await CallAsync(Owner, "board.get", new { projectSlug = slug })).AssertOk().GetProperty("columns")[0].GetProperty("items")[0].GetProperty("tags");
        Assert.That(boardTags.EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "dup" }));
        var getTags = (await CallAsync(Owner, "todos.get", new { projectSlug = slug, localId = 1 })).AssertOk().GetProperty("todo").GetProperty("tags");
        Assert.That(getTags.EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "dup", "dup" }));
    }

    [Test]
    public async Task MCPBoardGetAuthFailure()
    {
        using var anonymous = App.NewClient();
        (await CallAsync(anonymous, "board.get", new { projectSlug = "x" })).AssertError(HttpStatusCode.Unauthorized, "AUTH_REQUIRED", "Sign-in required for this tool");
    }

    private static string[] Titles(JsonElement board) =>
        board.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("title").GetString()!).ToArray();
}
