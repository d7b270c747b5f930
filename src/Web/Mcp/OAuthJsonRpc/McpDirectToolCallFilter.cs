using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Web.Http;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The one place /api/mcp (and the board tools' endpoint) answers a request without the SDK (decision 0204):
/// a <em>plain</em> <c>tools/call</c> (see <see cref="Target"/>) of a tool of the endpoint's <see cref="McpToolSet"/> runs the same
/// <see cref="CatalogMcpServerTool.InvokeAsync(IDictionary{string, JsonElement}?, IServiceProvider, RequestId, CancellationToken)"/>
/// the SDK would call and writes the SDK's response contract in the SDK's field order, so the
/// per-request SDK server (options, server, channels, SSE framing) is skipped on the hot path.
/// Everything else goes on to the SDK. <c>DirectToolCallTests</c> compares both paths byte for byte.
/// </summary>
internal sealed class McpDirectToolCallFilter : IEndpointFilter
{
    private const string ReservedMetaPrefix = "io.modelcontextprotocol/";
    private const string FirstPerRequestMetadataVersion = "2026-07-28";
    private const string ProtocolVersionMetaKey = "io.modelcontextprotocol/protocolVersion";
    private const string ClientCapabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities";
    private const string ClientInfoMetaKey = "io.modelcontextprotocol/clientInfo";
    private const string MethodHeader = "Mcp-Method";
    private const string NameHeader = "Mcp-Name";
    private static readonly JsonTypeInfo ClientCapabilitiesType = TypeInfo<ClientCapabilities>();
    private static readonly JsonTypeInfo ImplementationType = TypeInfo<Implementation>();

    private static readonly JsonTypeInfo<CallToolResult> CallToolResultType = TypeInfo<CallToolResult>();
    private static readonly JsonTypeInfo<RequestId> RequestIdType = TypeInfo<RequestId>();
    private static readonly byte[] SseEventPrefix = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] SseEventSuffix = "\n\n"u8.ToArray();
    private static readonly JsonEncodedText JsonRpcName = JsonEncodedText.Encode("jsonrpc");
    private static readonly JsonEncodedText JsonRpcVersion = JsonEncodedText.Encode("2.0");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ResultName = JsonEncodedText.Encode("result");

    // Only what JSON requires is escaped (a quote as \", not \u0022; non-ASCII as UTF-8): the text block of
    // list_tasks is pretty-printed JSON, and the default encoder's \u0022 made the answer about half as
    // large again. Same JSON as the SDK's answer, fewer bytes (decision 0204).
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<string, CatalogMcpServerTool> _tools;

    public McpDirectToolCallFilter(IEnumerable<McpServerTool> tools, IConfiguration configuration)
    {
        _tools = tools.OfType<CatalogMcpServerTool>().ToDictionary(t => t.ProtocolTool.Name, StringComparer.Ordinal);
        Enabled = configuration.GetValue(ConfigurationKey, defaultValue: true);
    }

    /// <summary><c>MCP_DIRECT_TOOL_CALLS=false</c> sends every call through the SDK (diagnosis, benchmark A/B).</summary>
    public const string ConfigurationKey = "MCP_DIRECT_TOOL_CALLS";

    /// <summary>Tests switch it off to compare both paths.</summary>
    internal bool Enabled { get; set; }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var version = context.Request.Headers[McpMessageFilter.ProtocolVersionHeader].ToString();
        if (McpMessageFilter.MessageOf(context) is not JsonRpcRequest request
            || McpMessageFilter.CallParamsOf(context) is not { } parameters)
        {
            return await next(invocation);
        }

        // A call whose arguments the SDK cannot decode (an escaped lone surrogate) is run here in every
        // revision, so that the tool's text rule answers it with an isError naming the field.
        var undecodable = McpMessageFilter.HasUndecodableArgument(context);
        if (!(undecodable || Enabled)
            || Target(request, version, context.Request.Headers, requirePlain: !undecodable, McpToolSet.Of(context)) is not { } tool)
        {
            return await next(invocation);
        }

        var result = await tool.InvokeAsync(parameters.Arguments, context.RequestServices, request.Id, context.RequestAborted);
        var sse = !McpAcceptFilter.WantsPlainJson(context);
        using var buffer = new PooledBufferWriter(64 * 1024);
        if (sse)
        {
            buffer.Write(SseEventPrefix);
        }

        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            // The SDK's JsonRpcResponse contract writes result, id, jsonrpc in this order.
            writer.WriteStartObject();
            writer.WritePropertyName(ResultName);
            JsonSerializer.Serialize(writer, result, CallToolResultType);
            writer.WritePropertyName(IdName);
            JsonSerializer.Serialize(writer, request.Id, RequestIdType);
            writer.WriteString(JsonRpcName, JsonRpcVersion);
            writer.WriteEndObject();
        }

        var response = context.Response;
        if (sse)
        {
            buffer.Write(SseEventSuffix);
            McpAcceptFilter.SetEventStreamHeaders(response);
        }
        else
        {
            response.ContentType = "application/json";
            response.ContentLength = buffer.WrittenCount;
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        return Results.Empty;
    }

    /// <summary>
    /// The catalog tool of a plain call; null for anything the SDK must answer. Before 2026-07-28 a plain
    /// call has no reserved <c>_meta</c> keys. On 2026-07-28 it must pass what the SDK checks before it
    /// dispatches, in its strictest form: <c>Mcp-Method</c> and <c>Mcp-Name</c> repeat the body exactly (no
    /// encoded or padded values), <c>_meta</c> carries the same protocol version and client capabilities,
    /// optionally client info, each binding to the SDK's type, and no other reserved key. Anything less
    /// plain goes to the SDK, which answers it (or its error) itself.
    /// </summary>
    internal CatalogMcpServerTool? Target(JsonRpcRequest request, string version, IHeaderDictionary headers, bool requirePlain = true, McpToolSet? tools = null)
    {
        if (request is not { Method: "tools/call", Params: JsonObject parameters })
        {
            return null;
        }

        var perRequest = version == FirstPerRequestMetadataVersion;
        if (requirePlain && !perRequest && string.CompareOrdinal(version, FirstPerRequestMetadataVersion) > 0)
        {
            return null;
        }

        var hasMeta = false;
        foreach (var (key, value) in requirePlain ? parameters : [])
        {
            var plain = key switch
            {
                "name" or "arguments" => true,
                "_meta" => hasMeta = value is JsonObject meta && (perRequest ? IsPerRequestMeta(meta, version) : !meta.Any(IsReserved)),
                _ => false,
            };
            if (!plain)
            {
                return null;
            }
        }

        CatalogMcpServerTool? tool = null;
        if (parameters["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String
            || !(tools is null ? _tools.TryGetValue(name.GetValue<string>(), out tool) : tools.TryGet(name.GetValue<string>(), out tool)))
        {
            return null;
        }

        if (requirePlain && perRequest
            && (!hasMeta || headers[MethodHeader] is not { Count: 1 } method || method[0] != "tools/call"
                || headers[NameHeader] is not { Count: 1 } target || target[0] != name.GetValue<string>()))
        {
            return null;
        }

        return tool;
    }

    private static bool IsReserved(KeyValuePair<string, JsonNode?> entry) => entry.Key.StartsWith(ReservedMetaPrefix, StringComparison.Ordinal);

    private static bool IsPerRequestMeta(JsonObject meta, string version)
    {
        bool hasVersion = false, hasCapabilities = false;
        foreach (var (key, value) in meta)
        {
            switch (key)
            {
                case ProtocolVersionMetaKey when value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == version:
                    hasVersion = true;
                    break;
                case ClientCapabilitiesMetaKey when value is JsonObject && Binds(value, ClientCapabilitiesType):
                    hasCapabilities = true;
                    break;
                case ClientInfoMetaKey when value is JsonObject && Binds(value, ImplementationType):
                    break;
                default:
                    if (key.StartsWith(ReservedMetaPrefix, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    break;
            }
        }

        return hasVersion && hasCapabilities;
    }

    private static bool Binds(JsonNode node, JsonTypeInfo type)
    {
        try
        {
            return node.Deserialize(type) is not null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
}
