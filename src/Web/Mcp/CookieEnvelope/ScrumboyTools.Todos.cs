using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Application.Boards.Todos.DeleteTodo;
using Platform.Application.Boards.Todos.GetTodo;
using Platform.Application.Boards.Todos.MoveTodo;
using Platform.Application.Boards.Todos.SearchTodos;
using Platform.Application.Boards.Todos.UpdateTodo;
using Platform.Web.Mcp.Catalog;
using static Platform.Web.Mcp.CookieEnvelope.ScrumboySchema;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{
    private static ToolDefinition CreateTodo() => Tool<CreateTodoCommand>(
        "todos.create",
        "Create a todo (maintainers). columnKey defaults to backlog (aliases such as in-progress accepted); "
        + "position.afterLocalId/beforeLocalId place it next to todos of that column, else it goes to the bottom.",
        Input(
            ["projectSlug", "title"],
            ProjectSlug,
            ("title", String("Title, 1-200 bytes.")),
            ("body", String("Description, at most 20000 bytes.")),
            ("tags", StringArray("Up to 20 tag names.")),
            ("columnKey", String("Workflow column key (default backlog).")),
            ("estimationPoints", NullableInteger("One of 1, 2, 3, 5, 8, 13, 20, 40.")),
            ("sprintId", NullableInteger("A sprint of this project.")),
            ("assigneeUserId", NullableInteger("A member of this project.")),
            ("position", NullableObject(
                "Neighbours in the target column.",
                ("afterLocalId", NullableInteger("Place after this todo.")),
                ("beforeLocalId", NullableInteger("Place before this todo."))))),
        readOnly: false,
        async (command, context) =>
        {
            var todo = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(command.ProjectSlug!, todo) });
        });

    private static ToolDefinition GetTodo() => Tool<GetTodoQuery>(
        "todos.get",
        "Get one todo by its localId.",
        Input(["projectSlug", "localId"], ProjectSlug, LocalId),
        readOnly: true,
        async (query, context) =>
        {
            var todo = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(query.ProjectSlug!, todo) });
        });

    private static ToolDefinition SearchTodos() => Tool<SearchTodosQuery>(
        "todos.search",
        "Find todos to refer to: an empty query lists the most recently updated, a number finds that localId, "
        + "other text matches titles (case-insensitive). limit 1-50 (default 20) applies before excludeLocalIds are dropped.",
        Input(
            ["projectSlug"],
            ProjectSlug,
            ("query", String("Text in the title, or a localId.")),
            ("limit", NullableInteger("At most this many hits (1-50, default 20).")),
            ("excludeLocalIds", IntegerArray("localIds to leave out."))),
        readOnly: true,
        async (query, context) =>
        {
            var hits = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            return Data(new { items = hits.Select(h => new ScrumboyWire.TodoSearchItem(slug, h.LocalId, h.Title)).ToList() });
        });

    private static ToolDefinition UpdateTodo() => Tool<UpdateTodoCommand>(
        "todos.update",
        "Change some fields of a todo. Omitted patch fields stay; null clears estimationPoints, assigneeUserId and sprintId; "
        + "tags are replaced wholesale. Contributors may only change the body of a todo assigned to them.",
        Input(
            ["projectSlug", "localId", "patch"],
            ProjectSlug,
            LocalId,
            ("patch", Patch(
                "The fields to change.",
                ("title", String("New title.")),
                ("body", String("New description.")),
                ("tags", StringArray("The new tag list.")),
                ("estimationPoints", NullableInteger("1, 2, 3, 5, 8, 13, 20, 40, or null.")),
                ("assigneeUserId", NullableInteger("A project member, or null.")),
                ("sprintId", NullableInteger("A sprint of this project, or null for unscheduled."))))),
        readOnly: false,
        async (command, context) =>
        {
            var todo = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(command.ProjectSlug!, todo) });
        });

    private static ToolDefinition DeleteTodo() => Tool<DeleteTodoCommand>(
        "todos.delete",
        "Delete a todo (maintainers).",
        Input(["projectSlug", "localId"], ProjectSlug, LocalId),
        readOnly: false,
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new DeletedTodo("deleted", command.ProjectSlug!, command.LocalId!.Value));
        });

    private static ToolDefinition MoveTodo() => Tool<MoveTodoCommand>(
        "todos.move",
        "Move a todo to the top or bottom of a column (maintainers). No neighbour, or afterLocalId = the column's last todo, "
        + "puts it at the bottom; beforeLocalId = the column's first todo puts it at the top.",
        Input(
            ["projectSlug", "localId", "toColumnKey"],
            ProjectSlug,
            LocalId,
            ("toColumnKey", String("Target column key (aliases such as in-progress accepted).")),
            ("afterLocalId", NullableInteger("The target column's current last todo.")),
            ("beforeLocalId", NullableInteger("The target column's current first todo."))),
        readOnly: false,
        async (command, context) =>
        {
            var todo = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { todo = ScrumboyWire.Todo(command.ProjectSlug!, todo) });
        });

    private sealed record DeletedTodo(string Status, string ProjectSlug, int LocalId);
}
