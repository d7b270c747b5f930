using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards;
using Platform.Application.Boards.Todos.DeleteTodo;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Todos.DeleteTodo;

public sealed class DeleteTodoCommandTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    private Task<bool> ExistsAsync(int projectId, int localId) =>
        InDatabaseAsync(db => db.Set<Todo>().AnyAsync(t => t.ProjectId == projectId && t.LocalId == localId));

    [Test]
    public async Task A_maintainer_deletes_a_todo_with_its_tag_links()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer, tags: ["gone"]);
        var kept = await Boards.TodoAsync(project, maintainer);
        var todoId = await InDatabaseAsync(db => db.Set<Todo>().Where(t => t.ProjectId == project.Id && t.LocalId == todo.LocalId).Select(t => t.Id).SingleAsync());

        await SendAsync(new DeleteTodoCommand(project.Slug, todo.LocalId), maintainer);

        Assert.That(await ExistsAsync(project.Id, todo.LocalId), Is.False);
        Assert.That(await ExistsAsync(project.Id, kept.LocalId), Is.True);
        Assert.That(await InDatabaseAsync(db => db.Set<TodoTag>().AnyAsync(tt => tt.TodoId == todoId)), Is.False);
    }

    [Test]
    public async Task Contributors_are_forbidden_viewers_and_outsiders_do_not_see_it()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);
        var contributor = await Boards.MemberAsync(project, maintainer, "contributor");
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DeleteTodoCommand(project.Slug, todo.LocalId), contributor))), Is.EqualTo(BoardErrors.MaintainerRoleRequired));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteTodoCommand(project.Slug, todo.LocalId), viewer))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteTodoCommand(project.Slug, todo.LocalId)))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DeleteTodoCommand(project.Slug, todo.LocalId), Caller.Anonymous));
        Assert.That(await ExistsAsync(project.Id, todo.LocalId), Is.True);
    }

    [Test]
    public async Task An_unknown_todo_is_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteTodoCommand(project.Slug, 42), maintainer))), Is.EqualTo(BoardErrors.TodoNotFound));
    }

    [TestCase("{slug}", 0)]
    [TestCase("{slug}", null)]
    [TestCase("", 1)]
    [TestCase("a\0b", 1)]
    public async Task Invalid_input_is_a_validation_error(string slug, int? localId)
    {
        var (project, maintainer) = await Boards.ProjectAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new DeleteTodoCommand(slug == "{slug}" ? project.Slug : slug, localId), maintainer));
    }
}
