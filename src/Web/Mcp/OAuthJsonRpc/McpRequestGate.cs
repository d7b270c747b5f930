using ModelContextProtocol;
using Platform.Web.Http;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// What /api/mcp (and every other path registered as an <see cref="McpEndpointPath"/>, e.g. the board
/// tools' endpoint) decides before authentication, for every method: a foreign browser
/// <c>Origin</c>, or a foreign <c>Host</c> on a loopback server, is refused (403, DNS-rebinding
/// protection, <see cref="McpOriginPolicy"/>), a CORS preflight is answered (204), and
/// any method but POST gets the contract's 405 and a POST without a JSON content type a 415 (routing
/// would answer a bodiless one) with <c>Allow: POST</c> and a JSON-RPC body, with
/// or without a token. The path is matched without regard to case or a trailing slash, as routing
/// matches it (Kestrel has already decoded percent-escapes), so no spelling that reaches the MCP
/// endpoint skips the Origin rule. An exception anywhere after it (the bearer check's user lookup,
/// the SDK) is answered as JSON-RPC: 503 with <c>Retry-After</c> during a database outage, otherwise
/// 500 naming the trace id, which is logged with the exception; never a stack trace.
/// </summary>
internal sealed class McpRequestGate(RequestDelegate next, McpOriginPolicy origins, IEnumerable<McpEndpointPath> endpoints)
{
    private readonly string[] _paths = endpoints.Select(e => e.Path).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static readonly byte[] MethodNotAllowedBody =
        """{"jsonrpc":"2.0","error":{"code":-32000,"message":"Method not allowed."},"id":null}"""u8.ToArray();

    public static bool IsMcpPath(PathString path, string endpoint) =>
        path.StartsWithSegments(endpoint, StringComparison.OrdinalIgnoreCase, out var rest)
        && (!rest.HasValue || rest.Value == "/");

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!Array.Exists(_paths, endpoint => IsMcpPath(path, endpoint)))
        {
            await next(context);
            return;
        }

        if (origins.Check(context) is not McpOriginPolicy.Verdict.Allowed and var refused)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var message = refused == McpOriginPolicy.Verdict.ForeignHost ? "Forbidden: Host not allowed." : "Forbidden: Origin not allowed.";
            await JsonRpcErrors.WriteAsync(context, -32000, message, idJson: null);
            return;
        }

        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            AnswerPreflight(context);
            return;
        }

        if (!HttpMethods.IsPost(method))
        {
            // Stateless: no SSE stream to GET and no session to DELETE.
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(MethodNotAllowedBody, context.RequestAborted);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        if (!JsonMediaType.Is(context.Request.ContentType))
        {
            // Decided here: routing would answer a bodiless 415 (the SDK's endpoint accepts only JSON).
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await JsonRpcErrors.WriteAsync(context, -32000, "Unsupported Media Type: the body must be application/json.", idJson: null);
            return;
        }

        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
        catch (Exception ex)
        {
            var error = ErrorClassifier.Classify(ex, context);
            if (context.Response.HasStarted)
            {
                return;
            }

            context.Response.Clear();
            context.Response.StatusCode = error.Status;
            var (code, message) = error.Kind switch
            {
                ErrorKind.DatabaseUnavailable => ((int)McpErrorCode.InternalError, "Service unavailable: the database is unavailable; try again shortly."),
                ErrorKind.Unexpected => ((int)McpErrorCode.InternalError, $"Internal error (trace id {error.TraceId})."),
                _ => ((int)McpErrorCode.InvalidRequest, error.Message),
            };
            if (error.Kind == ErrorKind.DatabaseUnavailable)
            {
                context.Response.Headers.RetryAfter = "5";
            }

            await JsonRpcErrors.WriteAsync(context, code, message, idJson: null);
        }
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
}

/// <summary>A path served by the SDK's transport behind <see cref="McpRequestGate"/> (one per MCP endpoint).</summary>
internal sealed record McpEndpointPath(string Path);
