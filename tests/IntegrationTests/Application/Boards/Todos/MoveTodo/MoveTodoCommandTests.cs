using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Todos.MoveTodo;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Todos.MoveTodo;

public sealed class MoveTodoCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<List<int>> LaneAsync(int projectId, string column) =>
        InDatabaseAsync(db => db.Set<Todo>().Where(t => t.ProjectId == projectId && t.ColumnKey == column).OrderBy(t => t.Rank).ThenBy(t => t.Id).Select(t => t.LocalId).ToListAsync());

    [Test]
    public async Task Moving_into_the_done_lane_stamps_done_at_and_an_alias_names_a_lane()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);

        var doing = await SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, " In_Progress "), maintainer);
        Assert.That((doing.ColumnKey, doing.DoneAt), Is.EqualTo(("doing", (DateTimeOffset?)null)));

        var done = await SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, "done"), maintainer);
        Assert.That(done.ColumnKey, Is.EqualTo("done"));
        Assert.That(done.DoneAt, Is.Not.Null);
        var stored = await InDatabaseAsync(db => db.Set<Todo>().SingleAsync(t => t.ProjectId == project.Id && t.LocalId == todo.LocalId));
        Assert.That((stored.ColumnKey, stored.DoneAt.HasValue), Is.EqualTo(("done", true)));
    }

    [Test]
    public async Task Before_the_first_item_lands_on_top_and_after_the_last_at_the_bottom()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var a = await Boards.TodoAsync(project, maintainer, column: "doing");
        var b = await Boards.TodoAsync(project, maintainer, column: "doing");
        var c = await Boards.TodoAsync(project, maintainer);
        var d = await Boards.TodoAsync(project, maintainer);

        await SendAsync(new MoveTodoCommand(project.Slug, c.LocalId, "doing", BeforeLocalId: a.LocalId), maintainer);
        await SendAsync(new MoveTodoCommand(project.Slug, d.LocalId, "doing", AfterLocalId: b.LocalId), maintainer);

        Assert.That(await LaneAsync(project.Id, "doing"), Is.EqualTo(new[] { c.LocalId, a.LocalId, b.LocalId, d.LocalId }));
        Assert.That(await LaneAsync(project.Id, "backlog"), Is.Empty);
    }

    [Test]
    public async Task Neighbours_must_be_the_lanes_ends_in_the_target_lane()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var a = await Boards.TodoAsync(project, maintainer, column: "doing");
        var b = await Boards.TodoAsync(project, maintainer, column: "doing");
        var c = await Boards.TodoAsync(project, maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, c.LocalId, "doing", AfterLocalId: a.LocalId), maintainer))), Is.EqualTo(BoardErrors.AmbiguousReference));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, c.LocalId, "doing", BeforeLocalId: b.LocalId), maintainer))), Is.EqualTo(BoardErrors.AmbiguousReference));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, c.LocalId, "testing", AfterLocalId: b.LocalId), maintainer))), Is.EqualTo(BoardErrors.ReferenceNotInColumn));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, c.LocalId, "doing", AfterLocalId: 99), maintainer))), Is.EqualTo(BoardErrors.InvalidTodoReference));
        Assert.That(await LaneAsync(project.Id, "backlog"), Is.EqualTo(new[] { c.LocalId }));
    }

    [Test]
    public async Task Only_maintainers_move_and_outsiders_do_not_see_the_todo()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, "doing"), contributor))), Is.EqualTo(BoardErrors.MaintainerRoleRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, "doing"), viewer))), Is.EqualTo(BoardErrors.MaintainerRoleRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, "doing")))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId + 1, "doing"), maintainer))), Is.EqualTo(BoardErrors.TodoNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, "doing"), Caller.Anonymous));
        Assert.That(await LaneAsync(project.Id, "backlog"), Is.EqualTo(new[] { todo.LocalId }));
    }

    [TestCase(null, null, null)]
    [TestCase("  ", null, null)]
    [TestCase("nowhere", null, null)]
    [TestCase("do\0ing", null, null)]
    [TestCase("doing", 1, 1)]
    [TestCase("doing", 0, null)]
    public async Task Invalid_targets_are_validation_errors(string? column, int? after, int? before)
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);
        await Boards.TodoAsync(project, maintainer);

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId + 1, column, after, before), maintainer));
    }

    [Test]
    public async Task A_todo_cannot_be_its_own_neighbour()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, todo.LocalId, "backlog", AfterLocalId: todo.LocalId), maintainer))), Is.EqualTo(BoardErrors.SelfReference));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new MoveTodoCommand(project.Slug, 0, "backlog"), maintainer))), Is.EqualTo(BoardErrors.InvalidField));
    }
}
