using Platform.Application.Boards.Members.AddMember;
using Platform.Application.Boards.Members.ListAvailableUsers;
using Platform.Application.Boards.Members.ListMembers;
using Platform.Application.Boards.Members.RemoveMember;
using Platform.Application.Boards.Members.UpdateMemberRole;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{


    private static ToolDefinition ListMembers() => Tool<ListMembersQuery>(
        async (query, context) =>
        {
            var members = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            return Data(new { items = members.Select(m => ScrumboyWire.Member(slug, m)).ToList() });
        });

    private static ToolDefinition ListAvailableUsers() => Tool<ListAvailableUsersQuery>(
        async (query, context) =>
        {
            var users = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { items = users.Select(ScrumboyWire.AvailableUser).ToList() });
        });

    private static ToolDefinition AddMember() => Tool<AddMemberCommand>(
        async (command, context) =>
        {
            var member = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { member = ScrumboyWire.Member(command.ProjectSlug!, member) });
        });

    private static ToolDefinition UpdateMemberRole() => Tool<UpdateMemberRoleCommand>(
        async (command, context) =>
        {
            var member = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { member = ScrumboyWire.Member(command.ProjectSlug!, member) });
        });

    private static ToolDefinition RemoveMember() => Tool<RemoveMemberCommand>(
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { removed = new RemovedMember(command.ProjectSlug!, command.UserId!.Value) });
        });

    private sealed record RemovedMember(string ProjectSlug, int UserId);
}
