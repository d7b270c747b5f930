using Platform.Application.Boards.Sprints.ActivateSprint;
using Platform.Application.Boards.Sprints.CloseSprint;
using Platform.Application.Boards.Sprints.CreateSprint;
using Platform.Application.Boards.Sprints.DeleteSprint;
using Platform.Application.Boards.Sprints.GetActiveSprint;
using Platform.Application.Boards.Sprints.GetSprint;
using Platform.Application.Boards.Sprints.ListSprints;
using Platform.Application.Boards.Sprints.UpdateSprint;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{
    private static ToolDefinition ListSprints() => Tool<ListSprintsQuery>(
        async (query, context) =>
        {
            var list = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            return Data(
                new { items = list.Items.Select(s => ScrumboyWire.Sprint(slug, s)).ToList() },
                new Dictionary<string, object?> { ["unscheduledCount"] = list.UnscheduledCount });
        });

    private static ToolDefinition GetSprint() => Tool<GetSprintQuery>(
        async (query, context) =>
        {
            var sprint = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(query.ProjectSlug!, sprint) });
        });

    private static ToolDefinition GetActiveSprint() => Tool<GetActiveSprintQuery>(
        async (query, context) =>
        {
            var sprint = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { sprint = sprint is null ? null : ScrumboyWire.Sprint(query.ProjectSlug!, sprint) });
        });

    private static ToolDefinition CreateSprint() => Tool<CreateSprintCommand>(
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition ActivateSprint() => Tool<ActivateSprintCommand>(
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition CloseSprint() => Tool<CloseSprintCommand>(
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition UpdateSprint() => Tool<UpdateSprintCommand>(
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition DeleteSprint() => Tool<DeleteSprintCommand>(
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new DeletedSprint("deleted", command.ProjectSlug!, command.SprintId!.Value));
        });

    private sealed record DeletedSprint(string Status, string ProjectSlug, int SprintId);
}
