using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Web.Mcp.Catalog;

/// <summary>
/// One tool as a dialect serves it: name, description, JSON input (and output) schema, who may call
/// it, and a handler that decodes the input, sends the MediatR request and shapes the result. For a
/// request-backed tool everything but the handler and the schemas' wording rules comes from the
/// request's <see cref="ToolAttribute"/> and <see cref="AuthorizeAttribute"/> (<see cref="For"/>), so
/// every transport (the /mcp envelope, the /api/mcp JSON-RPC server) is generated from one description.
/// </summary>
public sealed class ToolDefinition
{
    /// <summary>
    /// The tool described by <paramref name="requestType"/>'s <see cref="ToolAttribute"/>, needing the
    /// scope of its <see cref="AuthorizeAttribute"/> (none for <see cref="AllowAnonymousAttribute"/>).
    /// </summary>
    public static ToolDefinition For(Type requestType, JsonElement inputSchema, JsonElement? outputSchema, ToolHandler handler)
    {
        var tool = requestType.GetCustomAttribute<ToolAttribute>()
                   ?? throw new InvalidOperationException($"{requestType.Name} is not described as a tool ([Tool] is missing).");
        var authorize = requestType.GetCustomAttribute<AuthorizeAttribute>();
        return new ToolDefinition
        {
            Name = tool.Name,
            Title = tool.Title,
            Description = tool.Description,
            InputSchema = inputSchema,
            OutputSchema = outputSchema,
            RequiredScope = authorize?.Scope,
            RequiresSignIn = authorize is not null,
            ReadOnly = tool.ReadOnly,
            Destructive = tool.Destructive,
            Idempotent = tool.Idempotent,
            RequestType = requestType,
            Handler = handler,
        };
    }

    /// <summary>The MediatR request the tool sends, when it is request-backed (null for e.g. capabilities).</summary>
    public Type? RequestType { get; init; }

    public required string Name { get; init; }

    public string? Title { get; init; }

    public required string Description { get; init; }

    /// <summary>JSON Schema of the tool's arguments (an object schema).</summary>
    public required JsonElement InputSchema { get; init; }

    /// <summary>JSON Schema of the structured result, when the tool declares one.</summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>OAuth scope a bearer token needs to call the tool (JSON-RPC dialect).</summary>
    public string? RequiredScope { get; init; }

    /// <summary>False only for tools that run without a signed-in user (e.g. capabilities).</summary>
    public bool RequiresSignIn { get; init; } = true;

    /// <summary>True when the tool never changes state (an MCP readOnlyHint).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>True when the tool may delete or overwrite data (an MCP destructiveHint).</summary>
    public bool Destructive { get; init; }

    /// <summary>True when repeating a call has no further effect (an MCP idempotentHint).</summary>
    public bool Idempotent { get; init; }

    public required ToolHandler Handler { get; init; }
}

/// <summary>Runs a tool: decode <see cref="ToolContext.Input"/>, send the request, shape the result.</summary>
public delegate Task<ToolOutput> ToolHandler(ToolContext context);

/// <summary>What a tool handler gets: its raw input (null when absent) and the request's services.</summary>
public sealed record ToolContext(string ToolName, JsonElement? Input, IServiceProvider Services, CancellationToken CancellationToken)
{
    public IMediator Mediator => Services.GetRequiredService<IMediator>();
}

/// <summary>A tool's result: its data (already in the dialect's wire shape) and optional metadata.</summary>
public sealed record ToolOutput(object? Data, IReadOnlyDictionary<string, object?>? Meta = null);

/// <summary>An ordered, immutable set of tools of one dialect.</summary>
public sealed class ToolCatalog
{
    private readonly Dictionary<string, ToolDefinition> _byName;

    public ToolCatalog(string dialect, IEnumerable<ToolDefinition> tools)
    {
        Dialect = dialect;
        Tools = tools.ToArray();
        _byName = new Dictionary<string, ToolDefinition>(StringComparer.Ordinal);
        foreach (var tool in Tools)
        {
            if (!_byName.TryAdd(tool.Name, tool))
            {
                throw new InvalidOperationException($"Tool {tool.Name} is described twice in the {dialect} catalog.");
            }
        }
    }

    public string Dialect { get; }

    public IReadOnlyList<ToolDefinition> Tools { get; }

    /// <summary>Case-sensitive, exact lookup.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ToolDefinition? tool) => _byName.TryGetValue(name, out tool);
}
