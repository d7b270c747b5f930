using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Observability;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// How one dialect runs a catalog tool over MCP: the call itself (its result as a <see cref="CallToolResult"/>)
/// and the <c>isError</c> text of a failure. /api/mcp's is <see cref="ZukoToolDialect"/>; the board
/// tools' endpoint has its own (decision 0106).
/// </summary>
internal abstract class McpToolDialect
{
    /// <summary>The tool's name in <c>tools/list</c> (<c>^[a-zA-Z0-9_-]{1,64}$</c>).</summary>
    public virtual string ListedName(ToolDefinition tool) => tool.Name;

    /// <summary>The dialect tag of the endpoint's tool calls in metrics and spans (<see cref="ToolCallDialects"/>).</summary>
    public abstract string TelemetryName { get; }

    public abstract Task<CallToolResult> RunAsync(ToolDefinition tool, JsonElement? input, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The text of the <c>isError</c> result of a call that failed with <paramref name="exception"/>.</summary>
    public abstract string ErrorText(Exception exception, HttpContext context);
}

/// <summary>
/// The tools one OAuth-protected MCP endpoint serves, attached to the endpoint as metadata: the SDK's
/// per-request server gets <see cref="Collection"/>, the endpoint filters find a called tool here
/// (its scope, the direct call path) and answer a missing scope with <see cref="Challenge"/>. A tool
/// is found by its listed name or by its catalog name (e.g. dotted <c>todos.create</c>, decision 0105).
/// </summary>
internal sealed class McpToolSet
{
    private readonly Dictionary<string, CatalogMcpServerTool> _byName = new(StringComparer.Ordinal);

    public McpToolSet(ToolCatalog catalog, McpToolDialect dialect, BearerChallenge challenge)
    {
        Challenge = challenge;
        Tools = catalog.Tools.Select(t => new CatalogMcpServerTool(t, dialect)).ToArray();
        Collection = [];
        foreach (var tool in Tools)
        {
            Collection.Add(tool);
            _byName[tool.ProtocolTool.Name] = tool;
        }

        foreach (var tool in Tools)
        {
            HasAliases |= _byName.TryAdd(tool.Definition.Name, tool);
        }
    }

    /// <summary>True when some tool is also found by a name other than its listed one.</summary>
    public bool HasAliases { get; }

    public IReadOnlyList<CatalogMcpServerTool> Tools { get; }

    public McpServerPrimitiveCollection<McpServerTool> Collection { get; }

    public BearerChallenge Challenge { get; }

    public bool TryGet(string name, [NotNullWhen(true)] out CatalogMcpServerTool? tool) => _byName.TryGetValue(name, out tool);

    /// <summary>The tool set of the endpoint <paramref name="context"/> was routed to.</summary>
    public static McpToolSet Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<McpToolSet>()
        ?? throw new InvalidOperationException("An MCP endpoint filter ran on an endpoint without its tool set.");
}
