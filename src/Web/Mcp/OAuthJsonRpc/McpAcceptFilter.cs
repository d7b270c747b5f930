using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The contract's <c>Accept</c> rule, decided first: a request accepting neither JSON nor an event
/// stream gets 406. The SDK answers 406 unless both types are listed, so the header is normalised for
/// it, and a request accepting only JSON is marked: its answer is the final JSON-RPC response as plain
/// <c>application/json</c> (the direct path writes it so; <see cref="McpPlainJsonFilter"/> converts the SDK's).
/// </summary>
internal sealed class McpAcceptFilter : IEndpointFilter
{
    private const string BothTypes = "application/json, text/event-stream";
    private static readonly object PlainJsonKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var (json, sse) = ReadAccept(context.Request);
        if (!json && !sse)
        {
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            await JsonRpcErrors.WriteAsync(context, -32000, "Not Acceptable: Client must accept application/json or text/event-stream.", idJson: null);
            return Results.Empty;
        }

        context.Request.Headers.Accept = BothTypes;
        if (sse)
        {
            return await next(invocation);
        }

        context.Items[PlainJsonKey] = true;
        return await next(invocation);
    }

    /// <summary>True when the client accepts only JSON (the answer is the final response as plain JSON).</summary>
    public static bool WantsPlainJson(HttpContext context) => context.Items.ContainsKey(PlainJsonKey);

    /// <summary>One SSE response: never cached, never compressed, never buffered by a proxy (as the SDK sets them).</summary>
    public static void SetEventStreamHeaders(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.ContentEncoding = "identity";
        response.Headers["X-Accel-Buffering"] = "no";
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
}
