using Platform.Application.Boards.Sprints.ActivateSprint;
using Platform.Application.Boards.Sprints.CloseSprint;
using Platform.Application.Boards.Sprints.CreateSprint;
using Platform.Application.Boards.Sprints.DeleteSprint;
using Platform.Application.Boards.Sprints.GetActiveSprint;
using Platform.Application.Boards.Sprints.GetSprint;
using Platform.Application.Boards.Sprints.ListSprints;
using Platform.Application.Boards.Sprints.UpdateSprint;
using Platform.Web.Mcp.Catalog;
using static Platform.Web.Mcp.CookieEnvelope.ScrumboySchema;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{
    private static ToolDefinition ListSprints() => Tool<ListSprintsQuery>(
        "sprints.list",
        "List the project's sprints by number with their todo counts; meta.unscheduledCount counts todos in no sprint.",
        Input(["projectSlug"], ProjectSlug),
        readOnly: true,
        async (query, context) =>
        {
            var list = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            return Data(
                new { items = list.Items.Select(s => ScrumboyWire.Sprint(slug, s)).ToList() },
                new Dictionary<string, object?> { ["unscheduledCount"] = list.UnscheduledCount });
        });

    private static ToolDefinition GetSprint() => Tool<GetSprintQuery>(
        "sprints.get",
        "Get one sprint of the project.",
        Input(["projectSlug", "sprintId"], ProjectSlug, SprintId),
        readOnly: true,
        async (query, context) =>
        {
            var sprint = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(query.ProjectSlug!, sprint) });
        });

    private static ToolDefinition GetActiveSprint() => Tool<GetActiveSprintQuery>(
        "sprints.getActive",
        "Get the project's ACTIVE sprint, or null when none is active.",
        Input(["projectSlug"], ProjectSlug),
        readOnly: true,
        async (query, context) =>
        {
            var sprint = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { sprint = sprint is null ? null : ScrumboyWire.Sprint(query.ProjectSlug!, sprint) });
        });

    private static ToolDefinition CreateSprint() => Tool<CreateSprintCommand>(
        "sprints.create",
        "Plan a sprint (maintainers). Dates are RFC 3339 date-times with an offset, e.g. 2026-04-01T00:00:00Z.",
        Input(
            ["projectSlug", "name", "plannedStartAt", "plannedEndAt"],
            ProjectSlug,
            ("name", String("Unique within the project, 1-200 bytes.")),
            ("plannedStartAt", String("RFC 3339 start.")),
            ("plannedEndAt", String("RFC 3339 end (not before the start)."))),
        readOnly: false,
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition ActivateSprint() => Tool<ActivateSprintCommand>(
        "sprints.activate",
        "Start a PLANNED sprint whose end is in the future (maintainers); the currently ACTIVE sprint is closed.",
        Input(["projectSlug", "sprintId"], ProjectSlug, SprintId),
        readOnly: false,
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition CloseSprint() => Tool<CloseSprintCommand>(
        "sprints.close",
        "Close the ACTIVE sprint (maintainers).",
        Input(["projectSlug", "sprintId"], ProjectSlug, SprintId),
        readOnly: false,
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition UpdateSprint() => Tool<UpdateSprintCommand>(
        "sprints.update",
        "Revise a sprint (maintainers): PLANNED sprints accept name and both dates, ACTIVE ones only plannedEndAt, CLOSED ones only the name. Dates are Unix milliseconds.",
        Input(
            ["projectSlug", "sprintId", "patch"],
            ProjectSlug,
            SprintId,
            ("patch", Patch(
                "The fields to change.",
                ("name", String("New name.")),
                ("plannedStartAt", Integer("New start, Unix milliseconds.")),
                ("plannedEndAt", Integer("New end, Unix milliseconds."))))),
        readOnly: false,
        async (command, context) =>
        {
            var sprint = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { sprint = ScrumboyWire.Sprint(command.ProjectSlug!, sprint) });
        });

    private static ToolDefinition DeleteSprint() => Tool<DeleteSprintCommand>(
        "sprints.delete",
        "Delete a sprint (maintainers); its todos become unscheduled.",
        Input(["projectSlug", "sprintId"], ProjectSlug, SprintId),
        readOnly: false,
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new DeletedSprint("deleted", command.ProjectSlug!, command.SprintId!.Value));
        });

    private sealed record DeletedSprint(string Status, string ProjectSlug, int SprintId);
}
