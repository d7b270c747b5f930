using Platform.Application.Boards;
using Platform.Application.Boards.Todos.GetTodo;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Boards.Todos.GetTodo;

public sealed class GetTodoQueryTests : MediatorFixture
{
    private BoardsSetup Boards => new(App, Owner);

    [Test]
    public async Task A_viewer_reads_a_todo_by_its_local_id()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var viewer = await Boards.MemberAsync(project, maintainer, "viewer");
        var created = await Boards.TodoAsync(project, maintainer, "Read me", "testing", ["b", "a"]);

        var todo = await SendAsync(new GetTodoQuery($" {project.Slug.ToUpperInvariant()} ", created.LocalId), viewer);

        Assert.That((todo.LocalId, todo.Title, todo.ColumnKey), Is.EqualTo((created.LocalId, "Read me", "testing")));
        Assert.That(todo.Tags, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(todo.CreatedAt, Is.EqualTo(created.CreatedAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Unknown_todos_and_outsiders_are_not_found()
    {
        var (project, maintainer) = await Boards.ProjectAsync();
        var (other, otherMaintainer) = await Boards.ProjectAsync();
        var todo = await Boards.TodoAsync(project, maintainer);

        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTodoQuery(project.Slug, todo.LocalId + 1), maintainer))), Is.EqualTo(BoardErrors.TodoNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTodoQuery(project.Slug, todo.LocalId), otherMaintainer))), Is.EqualTo(BoardErrors.ProjectNotFound));
        Assert.That(BoardsSetup.ReasonOf(Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetTodoQuery(other.Slug, todo.LocalId), otherMaintainer))), Is.EqualTo(BoardErrors.TodoNotFound));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetTodoQuery(project.Slug, todo.LocalId), Caller.Anonymous));
    }

    [TestCase("x", 0)]
    [TestCase("x", null)]
    [TestCase("", 1)]
    [TestCase("x\0", 1)]
    public void Invalid_input_is_a_validation_error(string slug, int? localId) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetTodoQuery(slug, localId)));
}
