using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Application.Boards.Todos.DeleteTodo;
using Platform.Application.Boards.Todos.GetTodo;
using Platform.Application.Boards.Todos.MoveTodo;
using Platform.Application.Boards.Todos.SearchTodos;
using Platform.Application.Boards.Todos.UpdateTodo;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{
    private static ToolDefinition CreateTodo() => Tool<CreateTodoCommand>(
        async (command, context) =>
        {
            var todo = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(command.ProjectSlug!, todo) });
        });

    private static ToolDefinition GetTodo() => Tool<GetTodoQuery>(
        async (query, context) =>
        {
            var todo = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(query.ProjectSlug!, todo) });
        });

    private static ToolDefinition SearchTodos() => Tool<SearchTodosQuery>(
        async (query, context) =>
        {
            var hits = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            return Data(new { items = hits.Select(h => new ScrumboyWire.TodoSearchItem(slug, h.LocalId, h.Title)).ToList() });
        });

    private static ToolDefinition UpdateTodo() => Tool<UpdateTodoCommand>(
        async (command, context) =>
        {
            var todo = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(command.ProjectSlug!, todo) });
        });

    private static ToolDefinition DeleteTodo() => Tool<DeleteTodoCommand>(
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new DeletedTodo("deleted", command.ProjectSlug!, command.LocalId!.Value));
        });

    private static ToolDefinition MoveTodo() => Tool<MoveTodoCommand>(
        async (command, context) =>
        {
            var todo = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(command.ProjectSlug!, todo) });
        });

    private sealed record DeletedTodo(string Status, string ProjectSlug, int LocalId);
}
