using System.Buffers;
using Platform.Web.Api;
using Platform.Web.Common;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Platform.Application.Common.Security;
using Platform.Infrastructure.Persistence;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.Zuko;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.JsonRpc;

/// <summary>
/// <c>/api/mcp</c>: MCP Streamable HTTP, stateless, on the SDK's Core transport (no AspNetCore
/// package). Per POST: Origin, bearer token, Accept, body (≤ 1 MiB, one JSON-RPC message),
/// protocol-version and header rules, the scope of a <c>tools/call</c> (403 step-up before the
/// transport runs), then a fresh <see cref="McpServer"/> on a stateless transport and the
/// request's DI scope. SSE or plain JSON by Accept; 202 when nothing is answered. Other methods
/// answer 405 with a JSON-RPC body; OPTIONS answers CORS preflights.
/// </summary>
internal sealed partial class McpJsonRpcEndpoint
{
    public const string Path = "/api/mcp";
    public const long MaxBodyBytes = 1024 * 1024;

    private const string ProtocolVersionHeader = "MCP-Protocol-Version";
    private const string SessionIdHeader = "Mcp-Session-Id";
    private const string MethodHeader = "Mcp-Method";
    private const string NameHeader = "Mcp-Name";
    private const string FirstPerRequestMetadataVersion = "2026-07-28";
    private const string ProtocolVersionMetaKey = "io.modelcontextprotocol/protocolVersion";
    private const string ClientCapabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities";

    /// <summary>The revisions the SDK (2.3.1) implements; the newest one works without initialize.</summary>
    public static readonly string[] SupportedProtocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"];

    private static readonly string[] RemovedInPerRequestMetadata =
        ["initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"];

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<RequestId> RequestIdType =
        (JsonTypeInfo<RequestId>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(RequestId));

    private static readonly JsonTypeInfo<UnsupportedProtocolVersionErrorData> UnsupportedVersionType =
        (JsonTypeInfo<UnsupportedProtocolVersionErrorData>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(UnsupportedProtocolVersionErrorData));

    private static readonly byte[] MethodNotAllowedBody =
        """{"jsonrpc":"2.0","error":{"code":-32000,"message":"Method not allowed."},"id":null}"""u8.ToArray();

    private static readonly byte[] SseDataPrefix = "data: "u8.ToArray();

    private static readonly JsonTypeInfo<CallToolRequestParams> CallToolParamsType =
        (JsonTypeInfo<CallToolRequestParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams));

    private static readonly JsonTypeInfo<CallToolResult> CallToolResultType =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private const string ReservedMetaPrefix = "io.modelcontextprotocol/";
    private static readonly byte[] SseEventPrefix = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] SseEventSuffix = "\n\n"u8.ToArray();
    private static readonly JsonEncodedText JsonRpcName = JsonEncodedText.Encode("jsonrpc");
    private static readonly JsonEncodedText JsonRpcVersion = JsonEncodedText.Encode("2.0");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ResultName = JsonEncodedText.Encode("result");

    private readonly ToolCatalog _catalog;
    private readonly McpServerPrimitiveCollection<McpServerTool> _tools = new();
    private readonly McpOriginPolicy _origins;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<McpJsonRpcEndpoint> _logger;
    private readonly Implementation _serverInfo = new() { Name = "platform", Title = "Platform", Version = "1.0.0" };

    /// <summary>
    /// Plain tools/call requests are answered without the SDK's per-request server (see
    /// <see cref="DirectCallTarget"/>); tests switch it off to compare both paths.
    /// </summary>
    internal bool DirectToolCalls { get; set; } = true;

    public McpJsonRpcEndpoint(
        [FromKeyedServices(ZukoTools.Dialect)] ToolCatalog catalog, McpOriginPolicy origins, ILoggerFactory loggerFactory, ILogger<McpJsonRpcEndpoint> logger)
    {
        _catalog = catalog;
        _origins = origins;
        _loggerFactory = loggerFactory;
        _logger = logger;
        var toolLogger = loggerFactory.CreateLogger<CatalogMcpServerTool>();
        foreach (var definition in catalog.Tools)
        {
            _tools.Add(new CatalogMcpServerTool(definition, toolLogger));
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_origins.Apply(context))
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, -32000, "Forbidden: Origin not allowed.", null);
            return;
        }

        if (HttpMethods.IsOptions(request.Method))
        {
            AnswerPreflight(context);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            // Stateless: no SSE stream to GET and no session to DELETE (with or without a token).
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(MethodNotAllowedBody, context.RequestAborted);
            return;
        }

        try
        {
            await HandlePostAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            LogDatabaseUnavailable(_logger, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.Headers.RetryAfter = "5";
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, (int)McpErrorCode.InternalError,
                    "Service unavailable: the database is unavailable; try again shortly.", null);
            }
        }
        catch (Exception ex)
        {
            var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            LogUnhandled(_logger, ex, traceId);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, (int)McpErrorCode.InternalError,
                    $"Internal error (trace id {traceId}).", null);
            }
        }
    }

    private async Task HandlePostAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";

        var authentication = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!authentication.Succeeded)
        {
            await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }

        // The bearer principal, never a session cookie's, is who the tools act for.
        context.User = authentication.Principal;

        var (acceptsJson, acceptsSse) = ReadAccept(request);
        if (!acceptsJson && !acceptsSse)
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, -32000,
                "Not Acceptable: Client must accept application/json or text/event-stream.", null);
            return;
        }

        if (!IsJsonContentType(request.ContentType))
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, -32000,
                "Unsupported Media Type: the body must be application/json.", null);
            return;
        }

        var message = await ReadMessageAsync(context);
        if (message is null)
        {
            return;
        }

        var id = message is JsonRpcRequest withId ? IdJson(withId.Id) : null;
        var protocolVersion = request.Headers[ProtocolVersionHeader].ToString();
        if (protocolVersion.Length > 0 && Array.IndexOf(SupportedProtocolVersions, protocolVersion) < 0)
        {
            var data = JsonSerializer.Serialize(
                new UnsupportedProtocolVersionErrorData { Supported = SupportedProtocolVersions, Requested = protocolVersion }, UnsupportedVersionType);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.UnsupportedProtocolVersion,
                $"Bad Request: Unsupported protocol version '{protocolVersion}'.", id, data);
            return;
        }

        if (request.Headers.ContainsKey(SessionIdHeader))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, -32000,
                "Bad Request: The Mcp-Session-Id header is not supported; this server is stateless.", id);
            return;
        }

        if (CheckParams(message) is { } paramsError)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidParams, paramsError, id);
            return;
        }

        var perRequestMetadata = string.CompareOrdinal(protocolVersion, FirstPerRequestMetadataVersion) >= 0;
        if (CheckEnvelope(context, message, protocolVersion, perRequestMetadata) is { } envelopeError)
        {
            await WriteErrorAsync(context, envelopeError.Status, envelopeError.Code, envelopeError.Message, id);
            return;
        }

        if (RequiredScope(message) is { } scope && !context.RequestServices.GetRequiredService<ICurrentUser>().HasScope(scope))
        {
            var challenge = context.RequestServices.GetRequiredService<BearerChallenge>();
            var granted = (context.User.FindFirst(Security.PlatformClaims.Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            response.Headers.WWWAuthenticate = challenge.InsufficientScope(granted, scope);
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, BearerChallenge.UnauthorizedCode,
                $"Forbidden: insufficient scope; this tool requires {scope}.", id);
            return;
        }

        if (DirectToolCalls && !perRequestMetadata && message is JsonRpcRequest call && DirectCallTarget(call) is { } direct)
        {
            await CallToolDirectlyAsync(context, call, direct.Tool, direct.Parameters, acceptsSse);
            return;
        }

        message.Context ??= new JsonRpcMessageContext();
        message.Context.User = context.User;
        if (protocolVersion.Length > 0)
        {
            // Without the header the request is served as 2025-03-26 (the MCP transport rule): the SDK's default.
            message.Context.ProtocolVersion = protocolVersion;
        }

        await RunTransportAsync(context, message, acceptsSse, perRequestMetadata);
    }

    private async Task RunTransportAsync(HttpContext context, JsonRpcMessage message, bool sse, bool mapErrorStatuses)
    {
        var response = context.Response;
        var options = new McpServerOptions
        {
            ServerInfo = _serverInfo,
            ToolCollection = _tools,
            ScopeRequests = false,
        };

        Func<JsonRpcMessage?, ValueTask>? onResponseStarting = null;
        if (mapErrorStatuses)
        {
            // From 2026-07-28 some JSON-RPC errors carry an HTTP status; it must be set before the first byte.
            onResponseStarting = first =>
            {
                if (first is JsonRpcError { Error: { } error } && !response.HasStarted)
                {
                    response.StatusCode = (McpErrorCode)error.Code switch
                    {
                        McpErrorCode.MethodNotFound => StatusCodes.Status404NotFound,
                        McpErrorCode.MissingRequiredClientCapability or McpErrorCode.UnsupportedProtocolVersion or McpErrorCode.HeaderMismatch =>
                            StatusCodes.Status400BadRequest,
                        _ => response.StatusCode,
                    };
                }

                return default;
            };
        }

        var transport = new StreamableHttpServerTransport(_loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, options, _loggerFactory, context.RequestServices);
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var runTask = server.RunAsync(runCancellation.Token);
        try
        {
            if (sse)
            {
                SetEventStreamHeaders(response);
                context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
                if (!await transport.HandlePostRequestAsync(message, response.Body, onResponseStarting, context.RequestAborted))
                {
                    response.Headers.ContentType = default;
                    response.StatusCode = StatusCodes.Status202Accepted;
                }
            }
            else
            {
                using var buffer = new MemoryStream();
                if (!await transport.HandlePostRequestAsync(message, buffer, onResponseStarting, context.RequestAborted))
                {
                    response.StatusCode = StatusCodes.Status202Accepted;
                    return;
                }

                var json = LastSseData(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
                response.ContentType = "application/json";
                response.ContentLength = json.Length;
                await response.Body.WriteAsync(json, context.RequestAborted);
            }
        }
        finally
        {
            await transport.DisposeAsync();
            await runCancellation.CancelAsync();
            try
            {
                await runTask;
            }
            catch (OperationCanceledException)
            {
                // the run loop ends by cancellation once the transport is gone
            }

            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// The catalog tool and its decoded parameters when a request is a plain <c>tools/call</c> the endpoint
    /// answers itself: a known tool, only <c>name</c>, <c>arguments</c> and a <c>_meta</c> without reserved
    /// per-request keys. Anything else (tasks, unknown tools, per-request metadata) takes the SDK's pipeline.
    /// </summary>
    internal (CatalogMcpServerTool Tool, CallToolRequestParams Parameters)? DirectCallTarget(JsonRpcRequest request)
    {
        if (request is not { Method: "tools/call", Params: JsonObject parameters })
        {
            return null;
        }

        foreach (var (key, value) in parameters)
        {
            var plain = key switch
            {
                "name" or "arguments" => true,
                "_meta" => value is JsonObject meta && !meta.Any(entry => entry.Key.StartsWith(ReservedMetaPrefix, StringComparison.Ordinal)),
                _ => false,
            };
            if (!plain)
            {
                return null;
            }
        }

        if (parameters["name"] is not JsonValue name || !name.TryGetValue(out string? toolName)
            || !_tools.TryGetPrimitive(toolName, out var primitive) || primitive is not CatalogMcpServerTool tool)
        {
            return null;
        }

        try
        {
            return parameters.Deserialize(CallToolParamsType) is { } decoded ? (tool, decoded) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Runs a plain tools/call without building an SDK server per request and writes the same JSON-RPC
    /// response the SDK's pipeline would (same serializer contract and writer options, one SSE event or
    /// plain JSON); an integration test compares both byte for byte.
    /// </summary>
    private static async Task CallToolDirectlyAsync(
        HttpContext context, JsonRpcRequest request, CatalogMcpServerTool tool, CallToolRequestParams parameters, bool sse)
    {
        var result = await tool.InvokeAsync(parameters.Arguments, context.RequestServices, request.Id, context.RequestAborted);

        using var buffer = new PooledBufferWriter(64 * 1024);
        if (sse)
        {
            buffer.Write(SseEventPrefix);
        }

        using (var writer = new Utf8JsonWriter(buffer))
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
            SetEventStreamHeaders(response);
        }
        else
        {
            response.ContentType = "application/json";
            response.ContentLength = buffer.WrittenCount;
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>One SSE response: never cached, never compressed, never buffered by a proxy.</summary>
    private static void SetEventStreamHeaders(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.ContentEncoding = "identity";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Reads one JSON-RPC message (≤ 1 MiB); null when an error response was written.</summary>
    private static async Task<JsonRpcMessage?> ReadMessageAsync(HttpContext context)
    {
        // The shared body reader: the limit, draining a slightly oversize body, Connection: close otherwise.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        byte[] bytes;
        try
        {
            bytes = await ApiJson.ReadBodyAsync(context.Request, MaxBodyBytes, static () => new PayloadTooLargeException());
        }
        catch (PayloadTooLargeException)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, -32000, "Payload Too Large: the body exceeds 1 MiB.", null);
            return null;
        }

        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(bytes, MessageType);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            message = null;
            if (!IsWellFormedJson(bytes))
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.ParseError, "Parse error: the body is not valid JSON.", null);
                return null;
            }
        }

        if (message is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest,
                "Invalid Request: the body is not a single JSON-RPC 2.0 message.", null);
        }

        return message;
    }

    private static bool IsWellFormedJson(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The scope a tools/call needs (before the transport runs, so the 403 can still be sent).</summary>
    private string? RequiredScope(JsonRpcMessage message) =>
        message is JsonRpcRequest { Method: "tools/call", Params: JsonObject parameters }
        && parameters["name"] is JsonValue name && name.TryGetValue(out string? toolName)
        && _catalog.TryGet(toolName, out var tool)
            ? tool.RequiredScope
            : null;

    private readonly record struct EnvelopeError(int Status, int Code, string Message);

    /// <summary>
    /// JSON-RPC <c>params</c> must be an object when present, and a tools/call needs a string name and
    /// object (or absent) arguments: the SDK would otherwise fail to bind them and answer with an
    /// internal error (-32603) instead of the caller-fixable -32602.
    /// </summary>
    private static string? CheckParams(JsonRpcMessage message)
    {
        var parameters = message switch
        {
            JsonRpcRequest r => r.Params,
            JsonRpcNotification n => n.Params,
            _ => null,
        };
        if (parameters is not null and not JsonObject)
        {
            return "Invalid params: params must be a JSON object.";
        }

        if (message is not JsonRpcRequest { Method: "tools/call" })
        {
            return null;
        }

        var call = parameters as JsonObject;
        if (call?["name"] is not JsonValue name || !name.TryGetValue(out string? _))
        {
            return "Invalid params: tools/call needs a string 'name'.";
        }

        return call["arguments"] is null or JsonObject ? null : "Invalid params: 'arguments' must be a JSON object.";
    }

    /// <summary>
    /// Header/body consistency: initialize's params.protocolVersion equals the header; from 2026-07-28,
    /// _meta carries the same version and the client capabilities, Mcp-Method (and Mcp-Name for
    /// tools/call) mirror the body, and the handshake methods removed by that revision answer 404.
    /// </summary>
    private static EnvelopeError? CheckEnvelope(HttpContext context, JsonRpcMessage message, string protocolVersion, bool perRequestMetadata)
    {
        var (method, parameters) = message switch
        {
            JsonRpcRequest r => (r.Method, r.Params as JsonObject),
            JsonRpcNotification n => (n.Method, n.Params as JsonObject),
            _ => (null, null),
        };
        if (method is null)
        {
            return null;
        }

        if (method == "initialize" && protocolVersion.Length > 0 && parameters?["protocolVersion"] is JsonValue initVersion
            && initVersion.TryGetValue(out string? requested) && requested != protocolVersion)
        {
            return new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.HeaderMismatch,
                $"Bad Request: The MCP-Protocol-Version header '{protocolVersion}' does not match params.protocolVersion '{requested}'.");
        }

        var meta = parameters?["_meta"] as JsonObject;
        var metaVersion = meta?[ProtocolVersionMetaKey] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (!perRequestMetadata)
        {
            return metaVersion is not null && string.CompareOrdinal(metaVersion, FirstPerRequestMetadataVersion) >= 0
                ? new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.HeaderMismatch,
                    "Bad Request: The MCP-Protocol-Version header is required with a per-request protocol version in _meta.")
                : null;
        }

        var headers = context.Request.Headers;
        if (headers[MethodHeader].ToString().Trim() != method)
        {
            return new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.HeaderMismatch,
                $"Header mismatch: the Mcp-Method header must be '{method}'.");
        }

        if (message is JsonRpcRequest && method is "tools/call" or "prompts/get" or "resources/read")
        {
            var target = parameters?[method == "resources/read" ? "uri" : "name"] is JsonValue t && t.TryGetValue(out string? name) ? name : null;
            if (DecodeHeaderValue(headers[NameHeader].ToString().Trim()) != target)
            {
                return new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.HeaderMismatch,
                    "Header mismatch: the Mcp-Name header must repeat the body's name.");
            }
        }

        if (message is not JsonRpcRequest)
        {
            return null;
        }

        if (metaVersion is null)
        {
            return new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidParams,
                $"Requests using protocol version '{protocolVersion}' must include '_meta/{ProtocolVersionMetaKey}'.");
        }

        if (metaVersion != protocolVersion)
        {
            return new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.HeaderMismatch,
                $"Header mismatch: MCP-Protocol-Version '{protocolVersion}' differs from _meta/{ProtocolVersionMetaKey} '{metaVersion}'.");
        }

        if (meta?[ClientCapabilitiesMetaKey] is not JsonObject)
        {
            return new EnvelopeError(StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidParams,
                $"Requests using protocol version '{protocolVersion}' must include '_meta/{ClientCapabilitiesMetaKey}' as a JSON object.");
        }

        if (Array.IndexOf(RemovedInPerRequestMetadata, method) >= 0)
        {
            return new EnvelopeError(StatusCodes.Status404NotFound, (int)McpErrorCode.MethodNotFound,
                $"Method '{method}' is not available on protocol version '{protocolVersion}'.");
        }

        return null;
    }

    /// <summary>Header values outside ASCII travel as <c>=?base64?…?=</c> (SEP-2243).</summary>
    private static string? DecodeHeaderValue(string value)
    {
        if (!value.StartsWith("=?base64?", StringComparison.OrdinalIgnoreCase) || !value.EndsWith("?=", StringComparison.Ordinal))
        {
            return value;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value[9..^2]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static (bool Json, bool Sse) ReadAccept(HttpRequest request)
    {
        bool json = false, sse = false;
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            if (accept.Quality is 0)
            {
                continue;
            }

            var mediaType = accept.MediaType.Value ?? "";
            if (mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                sse = true;
            }
            else if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                     || mediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                     || mediaType == "*/*")
            {
                json = true;
            }
        }

        return (json, sse);
    }

    private static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The last <c>data:</c> payload of an SSE stream: the final response of the request.</summary>
    private static ReadOnlyMemory<byte> LastSseData(ReadOnlyMemory<byte> stream)
    {
        var span = stream.Span;
        var position = span.LastIndexOf("\ndata: "u8);
        var start = position >= 0 ? position + 1 : (span.StartsWith(SseDataPrefix) ? 0 : -1);
        if (start < 0)
        {
            throw new InvalidOperationException("The MCP transport wrote no SSE data event.");
        }

        start += SseDataPrefix.Length;
        var end = span[start..].IndexOf((byte)'\n');
        var length = end < 0 ? span.Length - start : end;
        if (length > 0 && span[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        return stream.Slice(start, length);
    }

    private static void AnswerPreflight(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Allow = "POST, OPTIONS";
        if (context.Request.Headers.Origin.Count > 0)
        {
            headers.AccessControlAllowMethods = "POST, GET, DELETE, OPTIONS";
            headers.AccessControlAllowHeaders = McpOriginPolicy.AllowedRequestHeaders;
            headers.AccessControlMaxAge = "600";
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static string IdJson(RequestId id) => JsonSerializer.Serialize(id, RequestIdType);

    private static Task WriteErrorAsync(HttpContext context, int status, int code, string message, string? idJson, string? dataJson = null)
    {
        context.Response.StatusCode = status;
        return JsonRpcErrors.WriteAsync(context, code, message, idJson, dataJson);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on /api/mcp (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/api/mcp: database unavailable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}
