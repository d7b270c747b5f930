using Platform.Application.Boards.Tags.DeleteMyTag;
using Platform.Application.Boards.Tags.DeleteProjectTag;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Application.Boards.Tags.ListProjectTags;
using Platform.Application.Boards.Tags.UpdateMyTagColor;
using Platform.Application.Boards.Tags.UpdateProjectTagColor;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{


    private static ToolDefinition ListProjectTags() => Tool<ListProjectTagsQuery>(
        async (query, context) =>
        {
            var tags = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { items = tags.Select(ScrumboyWire.ProjectTag).ToList() });
        });

    private static ToolDefinition ListMyTags() => Tool<ListMyTagsQuery>(
        async (query, context) =>
        {
            var tags = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { items = tags.Select(ScrumboyWire.MineTag).ToList() });
        });

    private static ToolDefinition UpdateMyTagColor() => Tool<UpdateMyTagColorCommand>(
        async (command, context) =>
        {
            var tag = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { tag = ScrumboyWire.MineTag(tag) });
        });

    private static ToolDefinition DeleteMyTag() => Tool<DeleteMyTagCommand>(
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { deleted = new { tagId = command.TagId!.Value } });
        });

    private static ToolDefinition UpdateProjectTagColor() => Tool<UpdateProjectTagColorCommand>(
        async (command, context) =>
        {
            var tag = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { tag = ScrumboyWire.ProjectTag(tag) });
        });

    private static ToolDefinition DeleteProjectTag() => Tool<DeleteProjectTagCommand>(
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { deleted = new DeletedProjectTag(command.ProjectSlug!, command.TagId!.Value) });
        });

    private sealed record DeletedProjectTag(string ProjectSlug, int TagId);
}
