using System.Text.Json;
using Platform.Application.Boards.Board.GetBoard;
using Platform.Application.Boards.Projects.ListProjects;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.RateLimiting;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// The Scrumboy dialect's 28 tools in <c>implementedTools</c> order: each request-backed tool is
/// described on its request (<see cref="ToolDefinition.For"/>) and bound here to the envelope's input
/// decoding and result shape. The /mcp envelope is generated from this catalog; a JSON-RPC binding
/// (/mcp/rpc) can be too.
/// </summary>
internal static partial class ScrumboyTools
{
    /// <summary>The key of this dialect's <see cref="ToolCatalog"/> in DI (other dialects register their own).</summary>
    public const string CatalogKey = "scrumboy";

    public const string SignInRequired = "Sign-in required for this tool";

    private static readonly IReadOnlyDictionary<string, object?> NoMeta = new Dictionary<string, object?>();

    /// <summary>The input schema of the one tool that is not a request (the dialect describes itself).</summary>
    private static readonly JsonElement NoArguments = JsonElement.Parse("""{"type":"object","properties":{},"additionalProperties":false}""");

    public static IServiceCollection AddScrumboyMcp(this IServiceCollection services) =>
        services.AddToolCallLimits().AddKeyedSingleton(CatalogKey, (_, _) => Build());

    /// <summary>The tools in the order <c>implementedTools</c> lists them.</summary>
    public static ToolCatalog Build() => new(CatalogKey,
    [
        GetCapabilities(),
        ListProjects(),
        CreateTodo(), GetTodo(), SearchTodos(), UpdateTodo(), DeleteTodo(), MoveTodo(),
        ListSprints(), GetSprint(), GetActiveSprint(), CreateSprint(), ActivateSprint(), CloseSprint(), UpdateSprint(), DeleteSprint(),
        ListProjectTags(), ListMyTags(), UpdateMyTagColor(), DeleteMyTag(), UpdateProjectTagColor(), DeleteProjectTag(),
        ListMembers(), ListAvailableUsers(), AddMember(), UpdateMemberRole(), RemoveMember(),
        GetBoard(),
    ]);

    /// <summary>
    /// The tool described on <typeparamref name="TRequest"/> (<c>[Tool]</c>, <c>[Authorize]</c>, member
    /// descriptions): its closed input schema generated under the envelope's JSON options, its input
    /// decoded strictly into the request (a request without members ignores its input, as Scrumboy's
    /// list tools do), its result shaped by <paramref name="run"/>.
    /// </summary>
    private static ToolDefinition Tool<TRequest>(Func<TRequest, ToolContext, Task<ToolOutput>> run)
    {
        var ignoresInput = ScrumboyToolInput.Options.GetTypeInfo(typeof(TRequest)).Properties.Count == 0;
        return ToolDefinition.For(
            typeof(TRequest),
            ToolSchemas.Input(typeof(TRequest), ScrumboyToolInput.Options, closed: true),
            outputSchema: null,
            context => run(ScrumboyToolInput.Decode<TRequest>(ignoresInput ? null : context.Input), context));
    }

    private static ToolOutput Data(object data, IReadOnlyDictionary<string, object?>? meta = null) => new(data, meta ?? NoMeta);

    private static ToolDefinition GetCapabilities() => new()
    {
        Name = "system.getCapabilities",
        Description = "Describe the server: mode, authentication state, identifiers, pagination and the implemented tools. Needs no sign-in.",
        InputSchema = NoArguments,
        RequiresSignIn = false,
        ReadOnly = true,
        Handler = async context =>
        {
            var services = context.Services;
            var anonymous = services.GetRequiredService<IServerSettings>().Mode == ServerMode.Anonymous;
            var catalog = services.GetRequiredKeyedService<ToolCatalog>(CatalogKey);
            var tools = catalog.Tools.Select(t => t.Name).ToList();
            object auth;
            bool bootstrapAvailable;
            if (anonymous)
            {
                auth = new CapabilityAuth("disabled", false, false, "server mode anonymous disables authenticated MCP tools", null);
                bootstrapAvailable = false;
            }
            else
            {
                var bootstrapped = await services.GetRequiredService<IUserDirectory>().IsBootstrappedAsync(context.CancellationToken);
                var authenticated = services.GetRequiredService<ICurrentUser>().IsAuthenticated;
                auth = new CapabilityAuth(
                    "sessionCookie",
                    authenticated,
                    bootstrapped,
                    bootstrapped ? null : "bootstrap required before authenticated MCP tools are available",
                    ["sessionCookie", "bearer"]);
                bootstrapAvailable = !bootstrapped;
            }

            var data = new Capabilities(
                anonymous ? "anonymous" : "full",
                auth,
                bootstrapAvailable,
                new CapabilityIdentity("projectSlug", ["projectSlug", "localId"], ["projectSlug", "userId"], ["userId"]),
                new CapabilityPagination(["limit", "cursor"], ["nextCursor", "hasMore"], ["board.get"]),
                tools);
            return new ToolOutput(data, new Dictionary<string, object?> { ["adapterVersion"] = 1 });
        },
    };

    private static ToolDefinition ListProjects() => Tool<ListProjectsQuery>(
        async (query, context) =>
        {
            var projects = await context.Mediator.Send(query, context.CancellationToken);
            return Data(new { items = projects.Select(ScrumboyWire.Project).ToList() });
        });

    private static ToolDefinition GetBoard() => Tool<GetBoardQuery>(
        async (query, context) =>
        {
            var board = await context.Mediator.Send(query, context.CancellationToken);
            var slug = query.ProjectSlug!;
            var data = new
            {
                project = new ScrumboyWire.BoardProject(slug, board.Project.Name, board.Project.Role),
                columns = board.Columns.Select(c => new ScrumboyWire.BoardColumn(c.Key, c.Name, c.IsDone, c.Items.Select(t => ScrumboyWire.Todo(slug, t)).ToList())).ToList(),
            };
            var meta = new Dictionary<string, object?>
            {
                ["nextCursorByColumn"] = board.Columns.ToDictionary(c => c.Key, c => c.NextCursor),
                ["hasMoreByColumn"] = board.Columns.ToDictionary(c => c.Key, c => c.HasMore),
                ["totalCountByColumn"] = board.Columns.ToDictionary(c => c.Key, c => c.TotalCount),
            };
            return Data(data, meta);
        });

    private sealed record Capabilities(
        string ServerMode, object Auth, bool BootstrapAvailable, CapabilityIdentity Identity, CapabilityPagination Pagination, IReadOnlyList<string> ImplementedTools);

    private sealed record CapabilityAuth(
        string Mode,
        bool Authenticated,
        bool AuthenticatedToolsUsable,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AuthMethods);

    private sealed record CapabilityIdentity(string Project, IReadOnlyList<string> Todo, IReadOnlyList<string> ProjectMember, IReadOnlyList<string> AvailableUser);

    private sealed record CapabilityPagination(IReadOnlyList<string> DefaultInput, IReadOnlyList<string> DefaultOutput, IReadOnlyList<string> FutureSpecialCases);
}
