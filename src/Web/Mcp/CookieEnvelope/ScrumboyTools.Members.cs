using Platform.Application.Boards.Members.AddMember;
using Platform.Application.Boards.Members.ListAvailableUsers;
using Platform.Application.Boards.Members.ListMembers;
using Platform.Application.Boards.Members.RemoveMember;
using Platform.Application.Boards.Members.UpdateMemberRole;
using Platform.Web.Mcp.Catalog;
using static Platform.Web.Mcp.CookieEnvelope.ScrumboySchema;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{
    private static (string, System.Text.Json.Nodes.JsonObject) UserId => ("userId", Integer("The user's id."));

    private static (string, System.Text.Json.Nodes.JsonObject) Role => ("role", String("maintainer, contributor or viewer."));

    private static ToolDefinition ListMembers() => Tool<ListMembersQuery>(
        "members.list",
        "List the project's members with their roles.",
        Input(["projectSlug"], ProjectSlug),
        readOnly: true,
        async (query, context) =>
        {
            var members = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            return Data(new { items = members.Select(m => ScrumboyWire.Member(slug, m)).ToList() });
        });

    private static ToolDefinition ListAvailableUsers() => Tool<ListAvailableUsersQuery>(
        "members.listAvailable",
        "List the users who could be added to the project (maintainers).",
        Input(["projectSlug"], ProjectSlug),
        readOnly: true,
        async (query, context) =>
        {
            var users = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { items = users.Select(ScrumboyWire.AvailableUser).ToList() });
        });

    private static ToolDefinition AddMember() => Tool<AddMemberCommand>(
        "members.add",
        "Add a user to the project as maintainer, contributor or viewer (maintainers).",
        Input(["projectSlug", "userId", "role"], ProjectSlug, UserId, Role),
        readOnly: false,
        async (command, context) =>
        {
            var member = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { member = ScrumboyWire.Member(command.ProjectSlug!, member) });
        });

    private static ToolDefinition UpdateMemberRole() => Tool<UpdateMemberRoleCommand>(
        "members.updateRole",
        "Change a member's role (maintainers). You cannot demote yourself or the last maintainer.",
        Input(["projectSlug", "userId", "role"], ProjectSlug, UserId, Role),
        readOnly: false,
        async (command, context) =>
        {
            var member = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { member = ScrumboyWire.Member(command.ProjectSlug!, member) });
        });

    private static ToolDefinition RemoveMember() => Tool<RemoveMemberCommand>(
        "members.remove",
        "Remove a member from the project (maintainers); their todos there become unassigned. The last maintainer stays.",
        Input(["projectSlug", "userId"], ProjectSlug, UserId),
        readOnly: false,
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { removed = new RemovedMember(command.ProjectSlug!, command.UserId!.Value) });
        });

    private sealed record RemovedMember(string ProjectSlug, int UserId);
}
