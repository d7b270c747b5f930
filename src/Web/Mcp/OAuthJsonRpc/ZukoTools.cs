using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MediatR;
using ModelContextProtocol.Protocol;
using Platform.Web.Http;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Observability;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The five organization/task tools of the OAuth-protected /api/mcp endpoint (the Zuko dialect).
/// Each is described once, on its request (<c>[Tool]</c>, <c>[Authorize]</c>, member descriptions);
/// this catalog only binds each request to the dialect's JSON (<see cref="ZukoJson"/>): input and
/// output schemas generated from the request and result types, arguments decoded by
/// <see cref="ZukoArguments"/>, results written by <see cref="ZukoResults"/>.
/// </summary>
public static class ZukoTools
{
    /// <summary>The service key of this catalog (it coexists with the envelope dialect's catalog).</summary>
    public const string Dialect = "zuko";

    public static ToolCatalog CreateCatalog() => new(Dialect,
    [
        ListTool(ZukoJson.Default.ListOrganizationsQuery, "organizations", ZukoJson.Default.IReadOnlyListOrganizationMembershipDto),
        ListTool(ZukoJson.Default.ListTasksQuery, "tasks", ZukoJson.Default.IReadOnlyListTaskListItemDto),
        ObjectTool(ZukoJson.Default.GetTaskQuery, ZukoJson.Default.TaskDetailDto),
        ObjectTool(ZukoJson.Default.CreateTaskCommand, ZukoJson.Default.CreatedTaskDto),
        ObjectTool(ZukoJson.Default.UpdateTaskCommand, ZukoJson.Default.UpdatedTaskDto),
    ]);

    /// <summary>A tool whose result is one object (its structured content and its text).</summary>
    private static ToolDefinition ObjectTool<TRequest, TResult>(JsonTypeInfo<TRequest> request, JsonTypeInfo<TResult> result)
        where TRequest : IRequest<TResult>
    {
        var required = ToolSchemas.Required(typeof(TRequest), ZukoJson.Default.Options);
        return ToolDefinition.For(
            typeof(TRequest),
            ToolSchemas.Input(typeof(TRequest), ZukoJson.Default.Options, closed: false),
            JsonSerializer.SerializeToElement(ToolSchemas.Output(typeof(TResult), ZukoJson.Default.Options)),
            async context =>
            {
                var command = ZukoArguments.Decode(context.Input, request, required);
                var data = await context.Mediator.Send(command, context.CancellationToken);
                return new ToolOutput(ZukoResults.Object(data, result));
            });
    }

    /// <summary>A tool whose result is a list: the text is the array, the structured content <c>{"key": [...]}</c>.</summary>
    private static ToolDefinition ListTool<TRequest, TItem>(JsonTypeInfo<TRequest> request, string key, JsonTypeInfo<IReadOnlyList<TItem>> result)
        where TRequest : IRequest<IReadOnlyList<TItem>>
    {
        var required = ToolSchemas.Required(typeof(TRequest), ZukoJson.Default.Options);
        var output = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { [key] = ToolSchemas.Output(typeof(IReadOnlyList<TItem>), ZukoJson.Default.Options) },
            ["required"] = new JsonArray(key),
        };
        return ToolDefinition.For(
            typeof(TRequest),
            ToolSchemas.Input(typeof(TRequest), ZukoJson.Default.Options, closed: false),
            JsonSerializer.SerializeToElement(output),
            async context =>
            {
                var query = ZukoArguments.Decode(context.Input, request, required);
                var items = await context.Mediator.Send(query, context.CancellationToken);
                return new ToolOutput(ZukoResults.List(key, items, result));
            });
    }
}

/// <summary>
/// /api/mcp's way of running a tool: the handler returns a <see cref="ZukoToolResult"/> (text and
/// structured content); every failure is classified once (<see cref="ErrorClassifier"/>) and worded by
/// <see cref="ZukoErrors"/>, unexpected ones without their text.
/// </summary>
internal sealed class ZukoToolDialect : McpToolDialect
{
    public static readonly ZukoToolDialect Instance = new();

    public override string TelemetryName => ToolCallDialects.ApiMcp;

    public override async Task<CallToolResult> RunAsync(ToolDefinition tool, JsonElement? input, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = await tool.Handler(new ToolContext(tool.Name, input, services, cancellationToken));
        if (output.Data is not ZukoToolResult result)
        {
            throw new InvalidOperationException($"Tool {tool.Name} returned {output.Data?.GetType().Name ?? "null"}, not a JSON-RPC tool result.");
        }

        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = result.Text }],
            StructuredContent = result.StructuredContent,
        };
    }

    public override string ErrorText(Exception exception, HttpContext context)
    {
        var error = ErrorClassifier.Classify(exception, context);
        return error switch
        {
            { Rule: { } rule } => ZukoErrors.ToText(rule),
            { Kind: ErrorKind.InvalidInput } => ZukoErrors.InvalidArguments(error.Message),
            { Kind: ErrorKind.DatabaseUnavailable } => ZukoErrors.DatabaseUnavailable,
            _ => ZukoErrors.Internal(error.TraceId),
        };
    }
}
