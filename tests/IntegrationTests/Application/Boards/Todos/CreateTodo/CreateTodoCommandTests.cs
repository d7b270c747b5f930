using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Todos.CreateTodo;

public sealed class CreateTodoCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<List<int>> LaneAsync(int projectId, string column) =>
        InDatabaseAsync(db => db.Set<Todo>().Where(t => t.ProjectId == projectId && t.ColumnKey == column).OrderBy(t => t.Rank).ThenBy(t => t.Id).Select(t => t.LocalId).ToListAsync());

    [Test]
    public async Task A_maintainer_creates_a_fully_described_todo()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var sprint = await Boards.SprintAsync(project, maintainer);

        var todo = await SendAsync(new CreateTodoCommand(project.Slug, "  Ship it  ", "the body", ["Zed", " Alpha Beta ", "zed"], " In-Progress ", 5, sprint.Id, contributor.UserId), maintainer);

        Assert.That((todo.LocalId, todo.Title, todo.Body, todo.ColumnKey), Is.EqualTo((1, "Ship it", "the body", "doing")));
        Assert.That(todo.Tags, Is.EqualTo(new[] { "alpha-beta", "zed" }));
        Assert.That((todo.EstimationPoints, todo.AssigneeUserId, todo.SprintId, todo.DoneAt), Is.EqualTo(((int?)5, contributor.UserId, (int?)sprint.Id, (DateTimeOffset?)null)));
        var stored = await InDatabaseAsync(db => db.Set<Todo>().SingleAsync(t => t.ProjectId == project.Id && t.LocalId == 1));
        Assert.That((stored.Title, stored.Body, stored.ColumnKey, stored.EstimationPoints, stored.AssigneeUserId, stored.SprintId), Is.EqualTo(("Ship it", "the body", "doing", (int?)5, contributor.UserId, (int?)sprint.Id)));
        var tagNames = await InDatabaseAsync(db => db.Set<TodoTag>().Where(tt => tt.TodoId == stored.Id).Join(db.Set<Tag>(), tt => tt.TagId, t => t.Id, (tt, t) => new { t.Name, t.OwnerUserId }).ToListAsync());
        Assert.That(tagNames.Select(t => (t.Name, t.OwnerUserId)), Is.EquivalentTo(new[] { ("alpha-beta", maintainer.UserId), ("zed", maintainer.UserId) }));
    }

    [Test]
    public async Task Local_ids_count_up_the_backlog_is_the_default_lane_and_the_done_lane_stamps_done_at()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        var first = await SendAsync(new CreateTodoCommand(project.Slug, "one"), maintainer);
        var second = await SendAsync(new CreateTodoCommand(project.Slug, "two", ColumnKey: "done"), maintainer);

        Assert.That((first.LocalId, first.ColumnKey, first.Body, first.DoneAt), Is.EqualTo((1, "backlog", "", (DateTimeOffset?)null)));
        Assert.That((second.LocalId, second.ColumnKey, second.DoneAt.HasValue), Is.EqualTo((2, "done", true)));
    }

    [Test]
    public async Task A_position_places_the_todo_between_or_before_its_neighbours()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var a = await Boards.TodoAsync(project, maintainer);
        var b = await Boards.TodoAsync(project, maintainer);

        var top = await SendAsync(new CreateTodoCommand(project.Slug, "top", Position: new TodoPosition(BeforeLocalId: a.LocalId)), maintainer);
        var middle = await SendAsync(new CreateTodoCommand(project.Slug, "middle", Position: new TodoPosition(a.LocalId, b.LocalId)), maintainer);

        Assert.That(await LaneAsync(project.Id, "backlog"), Is.EqualTo(new[] { top.LocalId, a.LocalId, middle.LocalId, b.LocalId }));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ConflictException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", Position: new TodoPosition(b.LocalId, a.LocalId)), maintainer))), Is.EqualTo(BoardErrors.ReferencesOutOfOrder));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", ColumnKey: "doing", Position: new TodoPosition(a.LocalId)), maintainer))), Is.EqualTo(BoardErrors.ReferenceNotInColumn));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", Position: new TodoPosition(99)), maintainer))), Is.EqualTo(BoardErrors.InvalidTodoReference));
    }

    [Test]
    public async Task Contributors_are_forbidden_viewers_and_outsiders_do_not_see_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x"), contributor))), Is.EqualTo(BoardErrors.MaintainerRoleRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x"), viewer))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x")))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x"), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Set<Todo>().CountAsync(t => t.ProjectId == project.Id)), Is.Zero);
    }

    [Test]
    public async Task Assignees_must_be_members_and_sprints_must_belong_to_the_project()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var foreignSprint = await Boards.SprintAsync(other, otherMaintainer);
        var stranger = await CreateUserAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", AssigneeUserId: stranger.UserId), maintainer))), Is.EqualTo(BoardErrors.AssigneeNotMember));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", AssigneeUserId: 999_999), maintainer))), Is.EqualTo(BoardErrors.AssigneeNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", SprintId: foreignSprint.Id), maintainer))), Is.EqualTo(BoardErrors.SprintInOtherProject));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, "x", SprintId: 999_999), maintainer))), Is.EqualTo(BoardErrors.UnknownSprint));
        Assert.That(await InDatabaseAsync(db => db.Set<Todo>().CountAsync(t => t.ProjectId == project.Id)), Is.Zero);
    }

    private static readonly object?[][] InvalidFields =
    [
        [null, null, null, null, null],
        ["   ", null, null, null, null],
        [new string('t', TodoRules.MaxTitleBytes + 1), null, null, null, null],
        ["a\0b", null, null, null, null],
        ["ok", "body\ud800", null, null, null],
        ["ok", new string('b', TodoRules.MaxBodyBytes + 1), null, null, null],
        ["ok", null, 4, null, null],
        ["ok", null, 0, null, null],
        ["ok", null, null, "nope", null],
        ["ok", null, null, null, new[] { "fine", "not_allowed" }],
        ["ok", null, null, null, Enumerable.Range(0, TodoRules.MaxTags + 1).Select(i => $"t{i}").ToArray()],
    ];

    [TestCaseSource(nameof(InvalidFields))]
    public async Task Invalid_fields_are_validation_errors(string? title, string? body, int? points, string? column, string[]? tags)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(project.Slug, title, body, tags, column, points), maintainer));
        Assert.That(await InDatabaseAsync(db => db.Set<Todo>().CountAsync(t => t.ProjectId == project.Id)), Is.Zero);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not valid")]
    public void An_invalid_slug_is_a_validation_error(string? slug) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateTodoCommand(slug, "x")));
}
