using Platform.Application.Boards.Tags.DeleteMyTag;
using Platform.Application.Boards.Tags.DeleteProjectTag;
using Platform.Application.Boards.Tags.ListMyTags;
using Platform.Application.Boards.Tags.ListProjectTags;
using Platform.Application.Boards.Tags.UpdateMyTagColor;
using Platform.Application.Boards.Tags.UpdateProjectTagColor;
using Platform.Web.Mcp.Catalog;
using static Platform.Web.Mcp.CookieEnvelope.ScrumboySchema;

namespace Platform.Web.Mcp.CookieEnvelope;

internal static partial class ScrumboyTools
{
    private static (string, System.Text.Json.Nodes.JsonObject) TagId => ("tagId", Integer("The tag's id."));

    private static (string, System.Text.Json.Nodes.JsonObject) Color => ("color", NullableString("#RRGGBB, or null to clear."));

    private static ToolDefinition ListProjectTags() => Tool<ListProjectTagsQuery>(
        "tags.listProject",
        "List the tags used in a project (its shared tags and members' own tags on its todos) with todo counts.",
        Input(["projectSlug"], ProjectSlug),
        readOnly: true,
        async (query, context) =>
        {
            var tags = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { items = tags.Select(ScrumboyWire.ProjectTag).ToList() });
        });

    private static ToolDefinition ListMyTags() => new()
    {
        Name = "tags.listMine",
        Description = "List your own tag library (across projects) with your colours.",
        InputSchema = Input([]),
        ReadOnly = true,
        Handler = async context =>
        {
            var tags = await context.Mediator.Send(new ListMyTagsQuery(), context.CancellationToken);
            return Data(new { items = tags.Select(ScrumboyWire.MineTag).ToList() });
        },
    };

    private static ToolDefinition UpdateMyTagColor() => Tool<UpdateMyTagColorCommand>(
        "tags.updateMineColor",
        "Set or clear (null) your colour for one of your own tags.",
        Input(["tagId"], TagId, Color),
        readOnly: false,
        async (command, context) =>
        {
            var tag = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { tag = ScrumboyWire.MineTag(tag) });
        });

    private static ToolDefinition DeleteMyTag() => Tool<DeleteMyTagCommand>(
        "tags.deleteMine",
        "Delete one of your own tags everywhere.",
        Input(["tagId"], TagId),
        readOnly: false,
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { deleted = new { tagId = command.TagId!.Value } });
        });

    private static ToolDefinition UpdateProjectTagColor() => Tool<UpdateProjectTagColorCommand>(
        "tags.updateProjectColor",
        "Set or clear (null) the shared colour of a project-scoped tag (maintainers).",
        Input(["projectSlug", "tagId"], ProjectSlug, TagId, Color),
        readOnly: false,
        async (command, context) =>
        {
            var tag = await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { tag = ScrumboyWire.ProjectTag(tag) });
        });

    private static ToolDefinition DeleteProjectTag() => Tool<DeleteProjectTagCommand>(
        "tags.deleteProject",
        "Delete a project-scoped tag (maintainers).",
        Input(["projectSlug", "tagId"], ProjectSlug, TagId),
        readOnly: false,
        async (command, context) =>
        {
            await context.Mediator.Send(command, context.CancellationToken);
            return Data(new { deleted = new DeletedProjectTag(command.ProjectSlug!, command.TagId!.Value) });
        });

    private sealed record DeletedProjectTag(string ProjectSlug, int TagId);
}
