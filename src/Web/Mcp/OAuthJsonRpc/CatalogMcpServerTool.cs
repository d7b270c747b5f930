using System.Buffers;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Web.Http;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// An SDK tool generated from a catalog <see cref="ToolDefinition"/>: the protocol description comes
/// from the definition, a call runs its handler on the request's services. Expected failures become
/// isError results with the dialect's texts (only McpException messages would otherwise reach the
/// client); every failure is classified once (<see cref="ErrorClassifier"/>), unexpected ones reported without their text.
/// </summary>
internal sealed class CatalogMcpServerTool : McpServerTool
{
    private readonly ToolDefinition _definition;

    public CatalogMcpServerTool(ToolDefinition definition)
    {
        _definition = definition;
        ProtocolTool = new Tool
        {
            Name = definition.Name,
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
        try
        {
            var input = ToInput(arguments);
            var output = await _definition.Handler(new ToolContext(_definition.Name, input, services, cancellationToken));
            if (output.Data is not ZukoToolResult result)
            {
                throw new InvalidOperationException($"Tool {_definition.Name} returned {output.Data?.GetType().Name ?? "null"}, not a JSON-RPC tool result.");
            }

            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = result.Text }],
                StructuredContent = result.StructuredContent,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ErrorClassifier.Classify(ex, services.GetRequiredService<IHttpContextAccessor>().HttpContext
                ?? throw new InvalidOperationException("A tool call runs inside its HTTP request.", ex));
            return Error(error switch
            {
                { Rule: { } rule } => ZukoErrors.ToText(rule),
                { Kind: ErrorKind.InvalidInput } => ZukoErrors.InvalidArguments(error.Message),
                { Kind: ErrorKind.DatabaseUnavailable } => ZukoErrors.DatabaseUnavailable,
                _ => ZukoErrors.Internal(error.TraceId),
            });
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
