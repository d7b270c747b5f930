using Platform.Application.Boards;
using Platform.Application.Boards.Board.GetBoard;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Board.GetBoard;

public sealed class GetBoardQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_viewer_sees_every_lane_in_order_with_its_todos_and_totals()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var a = await Boards.TodoAsync(project, maintainer, "A");
        var b = await Boards.TodoAsync(project, maintainer, "B", tags: ["x"]);
        var c = await Boards.TodoAsync(project, maintainer, "C", column: "done");

        var board = await SendAsync(new GetBoardQuery(project.Slug), viewer);

        Assert.That((board.Project.Slug, board.Project.Name, board.Project.Role), Is.EqualTo((project.Slug, project.Name, "viewer")));
        Assert.That(board.Columns.Select(col => (col.Key, col.IsDone, col.TotalCount, col.HasMore, col.NextCursor)), Is.EqualTo(new[]
        {
            ("backlog", false, 2, false, (string?)null), ("not_started", false, 0, false, null), ("doing", false, 0, false, null),
            ("testing", false, 0, false, null), ("done", true, 1, false, null),
        }));
        Assert.That(board.Columns[0].Items.Select(t => (t.LocalId, t.Title)), Is.EqualTo(new[] { (a.LocalId, "A"), (b.LocalId, "B") }));
        Assert.That(board.Columns[0].Items[1].Tags, Is.EqualTo(new[] { "x" }));
        Assert.That(board.Columns[4].Items.Single().LocalId, Is.EqualTo(c.LocalId));
    }

    [Test]
    public async Task The_unfiltered_totals_follow_moves_and_deletes()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var a = await Boards.TodoAsync(project, maintainer);
        var b = await Boards.TodoAsync(project, maintainer);
        await Boards.TodoAsync(project, maintainer);

        await SendAsync(new Platform.Application.Boards.Todos.MoveTodo.MoveTodoCommand(project.Slug, a.LocalId, "doing"), maintainer);
        await SendAsync(new Platform.Application.Boards.Todos.DeleteTodo.DeleteTodoCommand(project.Slug, b.LocalId), maintainer);
        var board = await SendAsync(new GetBoardQuery(project.Slug), maintainer);

        Assert.That(board.Columns.Select(col => (col.Key, col.TotalCount, col.Items.Count)), Is.EqualTo(new[]
        {
            ("backlog", 1, 1), ("not_started", 0, 0), ("doing", 1, 1), ("testing", 0, 0), ("done", 0, 0),
        }));
    }

    [Test]
    public async Task Each_lane_pages_with_its_own_cursor()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        for (var i = 1; i <= 3; i++)
        {
            await Boards.TodoAsync(project, maintainer, $"T{i}");
        }

        var first = await SendAsync(new GetBoardQuery(project.Slug, Limit: 2), maintainer);
        var backlog = first.Columns[0];
        Assert.That((backlog.Items.Count, backlog.HasMore, backlog.TotalCount), Is.EqualTo((2, true, 3)));
        Assert.That(backlog.NextCursor, Is.Not.Null);

        var second = await SendAsync(new GetBoardQuery(project.Slug, Limit: 2, CursorByColumn: new Dictionary<string, string?> { ["backlog"] = backlog.NextCursor, ["done"] = " " }), maintainer);
        Assert.That(second.Columns[0].Items.Select(t => t.Title), Is.EqualTo(new[] { "T3" }));
        Assert.That((second.Columns[0].HasMore, second.Columns[0].NextCursor), Is.EqualTo((false, (string?)null)));
    }

    [Test]
    public async Task Tag_text_and_sprint_filters_narrow_the_lanes_and_their_totals()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var sprint = await Boards.SprintAsync(project, maintainer);
        await Boards.TodoAsync(project, maintainer, "Alpha", tags: ["red"]);
        await Boards.TodoAsync(project, maintainer, "Beta", tags: ["blue"], sprintId: sprint.Id);
        await SendAsync(new Platform.Application.Boards.Todos.CreateTodo.CreateTodoCommand(project.Slug, "Gamma", "mentions ALPHA in the body"), maintainer);

        string[] Titles(Platform.Application.Boards.Common.BoardDto board) => board.Columns.SelectMany(col => col.Items).Select(t => t.Title).ToArray();
        var byTag = await SendAsync(new GetBoardQuery(project.Slug, Tag: " RED "), maintainer);
        var byText = await SendAsync(new GetBoardQuery(project.Slug, Search: "alpha"), maintainer);
        var bySprint = await SendAsync(new GetBoardQuery(project.Slug, SprintId: sprint.Id), maintainer);

        Assert.That(Titles(byTag), Is.EqualTo(new[] { "Alpha" }));
        Assert.That(byTag.Columns[0].TotalCount, Is.EqualTo(1));
        Assert.That(Titles(byText), Is.EquivalentTo(new[] { "Alpha", "Gamma" }));
        Assert.That(Titles(bySprint), Is.EqualTo(new[] { "Beta" }));
    }

    [Test]
    public async Task Outsiders_do_not_see_the_board_and_a_sprint_of_another_project_is_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var foreign = await Boards.SprintAsync(other, otherMaintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetBoardQuery(project.Slug)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetBoardQuery(project.Slug), otherMaintainer))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetBoardQuery(project.Slug, SprintId: foreign.Id), maintainer))), Is.EqualTo(BoardErrors.SprintNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetBoardQuery(project.Slug), Caller.Anonymous));
    }

    [TestCase(null, null, null)]
    [TestCase(-1, null, null)]
    [TestCase(101, null, null)]
    [TestCase(null, "not_a_tag!", null)]
    [TestCase(null, null, 0)]
    public async Task Invalid_limits_tags_and_sprints_are_validation_errors(int? limit, string? tag, int? sprintId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var slug = limit is null && tag is null && sprintId is null ? "" : project.Slug;

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetBoardQuery(slug, tag, null, sprintId, limit), maintainer));
    }

    [Test]
    public async Task Unknown_cursor_lanes_bad_cursors_and_invalid_text_are_validation_errors()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetBoardQuery(project.Slug, CursorByColumn: new Dictionary<string, string?> { ["nowhere"] = null }), maintainer))), Is.EqualTo(BoardErrors.UnknownColumnCursor));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetBoardQuery(project.Slug, CursorByColumn: new Dictionary<string, string?> { ["backlog"] = "garbage" }), maintainer))), Is.EqualTo(BoardErrors.InvalidBoardCursor));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetBoardQuery(project.Slug, Search: "a\0b"), maintainer));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetBoardQuery(project.Slug, CursorByColumn: new Dictionary<string, string?> { ["back\ud800"] = null }), maintainer));
    }
}
