using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Platform.Web.Http;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// What the contract asks of a POST body that the SDK does not check, before the SDK reads it:
/// at most 1 MiB (413); well-formed UTF-8 JSON (-32700); one JSON-RPC
/// message without duplicate member names at any depth (-32600); a known <c>MCP-Protocol-Version</c>
/// (400/-32022 with the 2026-07-28 error data: <c>supported</c>, the revisions the request's style can
/// retry with, and <c>requested</c>); a per-request version in <c>_meta</c> only with the header;
/// <c>params</c> of the shape the method's SDK type binds (-32602, where the SDK would otherwise fail
/// with an internal error); on 2026-07-28, a task method without the tasks extension in the request's
/// client capabilities (400/-32021, the revision's undeclared-capability error). All as HTTP 400
/// JSON-RPC errors. The parsed message is left in <see cref="HttpContext.Items"/> for the scope check,
/// and the body is handed on unchanged.
/// </summary>
internal sealed class McpMessageFilter : IEndpointFilter
{
    public const long MaxBodyBytes = 1024 * 1024;
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    private const string ProtocolVersionMetaKey = "io.modelcontextprotocol/protocolVersion";
    private const string ClientCapabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities";
    private const string FirstPerRequestMetadataVersion = "2026-07-28";

    /// <summary>The 2026-07-28 tasks extension: its methods need it in the client's capabilities (SEP-2663).</summary>
    public const string TasksExtension = "io.modelcontextprotocol/tasks";
    private const int MaxDepth = 64;

    /// <summary>The revisions the SDK implements; from 2026-07-28 on, requests carry their own metadata.</summary>
    public static readonly string[] SupportedProtocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"];

    /// <summary>
    /// The revisions a request with per-request metadata can use: those <c>server/discover</c> reports
    /// (the earlier ones are negotiated by <c>initialize</c>, which these revisions removed).
    /// </summary>
    public static readonly string[] PerRequestProtocolVersions =
        [.. SupportedProtocolVersions.Where(v => string.CompareOrdinal(v, FirstPerRequestMetadataVersion) >= 0)];

    private static readonly HashSet<string> TaskMethods = new(StringComparer.Ordinal) { "tasks/get", "tasks/update", "tasks/cancel" };

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType = TypeInfo<JsonRpcMessage>();
    private static readonly JsonTypeInfo<RequestId> RequestIdType = TypeInfo<RequestId>();
    private static readonly JsonTypeInfo<UnsupportedProtocolVersionErrorData> UnsupportedVersionType = TypeInfo<UnsupportedProtocolVersionErrorData>();

    /// <summary>The data of the -32021 a task method gets: <c>requiredCapabilities</c> is a ClientCapabilities object.</summary>
    private const string MissingTasksExtensionData = """{"requiredCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}""";

    /// <summary>The SDK's parameter type of each method it serves here, to find wrong shapes at any depth.</summary>
    private static readonly Dictionary<string, JsonTypeInfo> ParamTypes = new(StringComparer.Ordinal)
    {
        ["initialize"] = TypeInfo<InitializeRequestParams>(),
        ["ping"] = TypeInfo<PingRequestParams>(),
        ["tools/list"] = TypeInfo<ListToolsRequestParams>(),
        ["tools/call"] = TypeInfo<CallToolRequestParams>(),
        ["server/discover"] = TypeInfo<DiscoverRequestParams>(),
        ["prompts/list"] = TypeInfo<ListPromptsRequestParams>(),
        ["resources/list"] = TypeInfo<ListResourcesRequestParams>(),
        ["resources/templates/list"] = TypeInfo<ListResourceTemplatesRequestParams>(),
        ["notifications/initialized"] = TypeInfo<InitializedNotificationParams>(),
        ["notifications/cancelled"] = TypeInfo<CancelledNotificationParams>(),
        ["notifications/progress"] = TypeInfo<ProgressNotificationParams>(),
    };

    private static readonly object UndecodableArgumentKey = new();
    private static readonly object CallParamsKey = new();

    /// <summary>
    /// True when a tool argument holds an escaped lone surrogate: the SDK cannot decode such params
    /// (it re-encodes them), so the direct path runs the call and the tool's text rule answers it.
    /// </summary>
    public static bool HasUndecodableArgument(HttpContext context) => context.Items.ContainsKey(UndecodableArgumentKey);

    /// <summary>A tools/call's parameters, bound from the raw body (escapes kept in argument values).</summary>
    public static CallToolRequestParams? CallParamsOf(HttpContext context) => context.Items[CallParamsKey] as CallToolRequestParams;

    /// <summary>The message read by this filter, for the checks that follow it.</summary>
    public static JsonRpcMessage? MessageOf(HttpContext context) => context.Items[typeof(JsonRpcMessage)] as JsonRpcMessage;

    public static string? IdJsonOf(JsonRpcMessage? message) =>
        message is JsonRpcMessageWithId { Id: var id } && id.Id is not null ? JsonSerializer.Serialize(id, RequestIdType) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        byte[] body;
        try
        {
            // The shared body reader: the limit, draining a slightly oversize body, Connection: close otherwise.
            body = await WireJson.ReadBodyAsync(request, MaxBodyBytes, static () => new PayloadTooLargeException());
        }
        catch (PayloadTooLargeException)
        {
            return await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, -32000, "Payload Too Large: the body exceeds 1 MiB.");
        }

        switch (Scan(body))
        {
            case ScanResult.Malformed:
                return await ErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.ParseError, "Parse error: the body is not valid JSON.");
            case ScanResult.DuplicateMember:
                return await ErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest,
                    "Invalid Request: a JSON object repeats a member name.");
            case ScanResult.UndecodableText:
                return await ErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest,
                    "Invalid Request: a string or member name is not valid Unicode (unpaired surrogate).");
            case ScanResult.UndecodableArgument:
                // Only the tool's argument decoding can name the field; the direct path takes the call.
                context.Items[UndecodableArgumentKey] = true;
                break;
        }

        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, MessageType);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            message = null;
        }

        if (message is null)
        {
            return await ErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest,
                "Invalid Request: the body is not a single JSON-RPC 2.0 message.");
        }

        var protocolVersion = request.Headers[ProtocolVersionHeader].ToString();
        if (protocolVersion.Length > 0 && Array.IndexOf(SupportedProtocolVersions, protocolVersion) < 0)
        {
            // A request in the per-request style retries with what server/discover reports; an older one with any revision.
            var supported = MetaOf(message)?[ProtocolVersionMetaKey] is not null ? PerRequestProtocolVersions : SupportedProtocolVersions;
            var data = JsonSerializer.Serialize(
                new UnsupportedProtocolVersionErrorData { Supported = supported, Requested = protocolVersion }, UnsupportedVersionType);
            return await ErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.UnsupportedProtocolVersion,
                $"Bad Request: Unsupported protocol version '{protocolVersion}'; supported: {string.Join(", ", SupportedProtocolVersions)}.",
                IdJsonOf(message), data);
        }

        if ((CheckParams(message, protocolVersion) ?? BindParams(context, message, body, protocolVersion)) is { } error)
        {
            return await ErrorAsync(context, StatusCodes.Status400BadRequest, error.Code, error.Message, IdJsonOf(message), error.DataJson);
        }

        context.Items[typeof(JsonRpcMessage)] = message;
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        return await next(invocation);
    }

    private enum ScanResult
    {
        Valid,
        Malformed,
        DuplicateMember,

        /// <summary>An escaped lone surrogate outside a tool argument's value (a member name, a method, <c>_meta</c>…).</summary>
        UndecodableText,

        /// <summary>An escaped lone surrogate in a tool argument's value: the tool's text rule answers it.</summary>
        UndecodableArgument,
    }

    /// <summary>One open object or array of the scan: the member names seen, the member being read.</summary>
    private sealed class Frame
    {
        public HashSet<string>? Names;
        public string? Member;
    }

    /// <summary>
    /// One pass over the body: well-formed JSON (a single value, depth ≤ 64), every string and member
    /// name valid UTF-8, no object repeating a member name (compared after unescaping), and where an
    /// escaped lone surrogate (well-formed JSON, but no .NET string) sits: inside the value of a tool
    /// argument (<c>params.arguments.*</c>) or elsewhere.
    /// </summary>
    private static ScanResult Scan(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ScanResult.Malformed;
        }

        var frames = new List<Frame>(8);
        var result = ScanResult.Valid;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Add(new Frame());
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsValidUtf8(ref reader))
                        {
                            return ScanResult.Malformed;
                        }

                        var name = MemberName(ref reader);
                        if (name is null)
                        {
                            result = ScanResult.UndecodableText;
                            name = "\\" + Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                        }

                        var frame = frames[^1];
                        frame.Member = name;
                        if (!(frame.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                        {
                            return ScanResult.DuplicateMember;
                        }

                        break;
                    case JsonTokenType.String:
                        if (!IsValidUtf8(ref reader))
                        {
                            return ScanResult.Malformed;
                        }

                        if (result == ScanResult.Valid || result == ScanResult.UndecodableArgument)
                        {
                            if (reader.ValueIsEscaped && !IsDecodable(ref reader))
                            {
                                var inArgument = frames.Count >= 3 && frames[0].Member == "params" && frames[1].Member == "arguments";
                                result = inArgument ? ScanResult.UndecodableArgument : ScanResult.UndecodableText;
                            }
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return ScanResult.Malformed;
        }

        return result;
    }

    private static bool IsDecodable(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (Exception)
        {
            // InvalidOperationException for a lone surrogate escape (values and member names alike)
            return false;
        }
    }

    /// <summary>
    /// The raw bytes of a string token are UTF-8 (escapes are ASCII, so this holds before unescaping).
    /// An escaped lone surrogate is well-formed JSON: it is left to the text rule of the tool that
    /// receives it (an isError naming the field) or to the binding of the method's parameters.
    /// </summary>
    private static bool IsValidUtf8(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? Utf8.IsValid(reader.ValueSequence.ToArray()) : Utf8.IsValid(reader.ValueSpan);

    /// <summary>The unescaped member name; null when it holds an escaped lone surrogate.</summary>
    private static string? MemberName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }

        try
        {
            return reader.GetString()!;
        }
        catch (Exception)
        {
            // InvalidOperationException for a lone surrogate escape (values and member names alike)
            return null;
        }
    }

    private readonly record struct ParamsError(int Code, string Message, string? DataJson = null);

    private static JsonObject? MetaOf(JsonRpcMessage message) => message switch
    {
        JsonRpcRequest { Params: JsonObject p } => p["_meta"] as JsonObject,
        JsonRpcNotification { Params: JsonObject p } => p["_meta"] as JsonObject,
        _ => null,
    };

    private static bool IsPerRequestRevision(string protocolVersion) => string.CompareOrdinal(protocolVersion, FirstPerRequestMetadataVersion) >= 0;

    /// <summary>
    /// <c>params</c> and its <c>_meta</c> are objects when present, and a per-request protocol version in
    /// <c>_meta</c> comes with the header.
    /// </summary>
    private static ParamsError? CheckParams(JsonRpcMessage message, string protocolVersion)
    {
        var (method, parameters) = message switch
        {
            JsonRpcRequest r => (r.Method, r.Params),
            JsonRpcNotification n => (n.Method, n.Params),
            _ => (null, null),
        };
        if (method is null)
        {
            return null;
        }

        if (parameters is not null and not JsonObject)
        {
            return new ParamsError((int)McpErrorCode.InvalidParams, "Invalid params: params must be a JSON object.");
        }

        // A method's own members (a tools/call's string name, object arguments…) are checked by binding.
        var call = parameters as JsonObject;
        if (call?["_meta"] is { } meta && meta is not JsonObject)
        {
            return new ParamsError((int)McpErrorCode.InvalidParams, "Invalid params: '_meta' must be a JSON object.");
        }

        if (protocolVersion.Length == 0 && call?["_meta"]?[ProtocolVersionMetaKey] is JsonValue metaVersion
            && metaVersion.GetValueKind() == JsonValueKind.String
            && string.CompareOrdinal(metaVersion.GetValue<string>(), FirstPerRequestMetadataVersion) >= 0)
        {
            return new ParamsError((int)McpErrorCode.HeaderMismatch,
                "Bad Request: The MCP-Protocol-Version header is required with a per-request protocol version in _meta.");
        }

        // Tasks are an extension this server does not offer: a client that did not declare it gets the
        // revision's undeclared-capability error (one that did gets the SDK's -32601; one without
        // client capabilities at all, the SDK's -32602).
        if (TaskMethods.Contains(method) && IsPerRequestRevision(protocolVersion)
            && call?["_meta"]?[ClientCapabilitiesMetaKey] is JsonObject capabilities
            && capabilities["extensions"]?[TasksExtension] is not JsonObject)
        {
            return new ParamsError((int)McpErrorCode.MissingRequiredClientCapability,
                $"Missing required client capability: {method} needs the '{TasksExtension}' extension in the request's client capabilities.",
                MissingTasksExtensionData);
        }

        return null;
    }

    /// <summary>
    /// Binds <c>params</c> to the method's SDK type from the raw body (so escapes in argument values stay
    /// as sent) to find wrong shapes at any depth; keeps a tools/call's parameters for the direct path.
    /// </summary>
    private static ParamsError? BindParams(HttpContext context, JsonRpcMessage message, byte[] body, string protocolVersion)
    {
        var method = message switch
        {
            JsonRpcRequest r when r.Params is not null => r.Method,
            JsonRpcNotification n when n.Params is not null => n.Method,
            _ => null,
        };
        if (method is null || !ParamTypes.TryGetValue(method, out var type))
        {
            return null;
        }

        if (method == "initialize" && IsPerRequestRevision(protocolVersion))
        {
            // Removed in 2026-07-28: the SDK answers 404/-32601 whatever its params hold.
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var bound = document.RootElement.GetProperty("params").Deserialize(type);
            if (bound is CallToolRequestParams call && message is JsonRpcRequest)
            {
                context.Items[CallParamsKey] = call;
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return new ParamsError((int)McpErrorCode.InvalidParams, $"Invalid params: params do not match {method}: {Describe(ex)}.");
        }
    }

    private static string Describe(Exception ex) =>
        ex is JsonException { Path: { Length: > 0 } path } ? $"wrong type or value at {path}" : "wrong type or missing member";

    private static async ValueTask<object?> ErrorAsync(HttpContext context, int status, int code, string message, string? idJson = null, string? dataJson = null)
    {
        context.Response.StatusCode = status;
        await JsonRpcErrors.WriteAsync(context, code, message, idJson, dataJson);
        return Results.Empty;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
}
