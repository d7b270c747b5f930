using System.Buffers;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Observability;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// An SDK tool generated from a catalog <see cref="ToolDefinition"/>: the protocol description comes
/// from the definition (title and the read-only, destructive and idempotent hints included), a call
/// runs through its <see cref="McpToolDialect"/> on the request's services. Failures become isError
/// results with the dialect's texts (only McpException messages would otherwise reach the client).
/// </summary>
internal sealed class CatalogMcpServerTool : McpServerTool
{
    private readonly McpToolDialect _dialect;

    public CatalogMcpServerTool(ToolDefinition definition, McpToolDialect dialect)
    {
        Definition = definition;
        _dialect = dialect;
        ProtocolTool = new Tool
        {
            Name = dialect.ListedName(definition),
            Title = definition.Title,
            Description = definition.Description,
            InputSchema = definition.InputSchema,
            OutputSchema = definition.OutputSchema,
            Annotations = new ToolAnnotations
            {
                Title = definition.Title,
                ReadOnlyHint = definition.ReadOnly,
                DestructiveHint = definition.Destructive,
                IdempotentHint = definition.Idempotent,
                OpenWorldHint = false,
            },
        };
    }

    public override Tool ProtocolTool { get; }

    public ToolDefinition Definition { get; }

    /// <summary>How the endpoint runs the tool.</summary>
    public McpToolDialect Dialect => _dialect;

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        InvokeAsync(
            request.Params?.Arguments,
            request.Services ?? throw new InvalidOperationException("The MCP server was created without the request's services."),
            request.JsonRpcRequest.Id,
            cancellationToken);

    /// <summary>
    /// Runs the tool for <paramref name="arguments"/> on <paramref name="services"/> (the HTTP request's
    /// scope); used by the SDK's pipeline and by the endpoint's direct tools/call dispatch alike.
    /// </summary>
    public async ValueTask<CallToolResult> InvokeAsync(
        IDictionary<string, JsonElement>? arguments, IServiceProvider services, RequestId requestId, CancellationToken cancellationToken)
    {
        var context = services.GetRequiredService<IHttpContextAccessor>().HttpContext
            ?? throw new InvalidOperationException("A tool call runs inside its HTTP request.");
        var telemetry = ToolCallTelemetry.Start(services, _dialect.TelemetryName, Definition.Name);
        try
        {
            var result = await _dialect.RunAsync(Definition, ToInput(arguments), services, cancellationToken);
            telemetry.Succeeded(context);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            telemetry.Failed(context, ex);
            return Error(_dialect.ErrorText(ex, context));
        }
    }

    private static CallToolResult Error(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };

    private static JsonElement? ToInput(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                // Raw, not re-encoded: an escaped lone surrogate must reach the argument decoding and its
                // text rule (an isError naming the field); WriteTo would throw while re-encoding it.
                writer.WriteRawValue(value.GetRawText());
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }
}
