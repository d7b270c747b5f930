using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.JsonRpc;

/// <summary>
/// The contract's <c>Accept</c> rule around the SDK, which answers 406 unless both types are listed:
/// a request accepting neither JSON nor an event stream gets 406; one accepting only JSON gets the
/// final JSON-RPC response as plain <c>application/json</c> (the SDK's event stream is buffered and its
/// last <c>data:</c> event returned); otherwise the SDK's event stream goes straight to the client.
/// </summary>
internal sealed class McpAcceptFilter : IEndpointFilter
{
    private const string BothTypes = "application/json, text/event-stream";
    private static readonly object PlainJsonKey = new();
    private static readonly byte[] SseDataPrefix = "data: "u8.ToArray();

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
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        object? result;
        try
        {
            result = await next(invocation);
            if (result is IResult executable and not Microsoft.AspNetCore.Http.HttpResults.EmptyHttpResult)
            {
                // Executed here so that what it writes is buffered too.
                await executable.ExecuteAsync(context);
                result = Results.Empty;
            }
        }
        finally
        {
            context.Features.Set(original);
        }

        var response = context.Response;
        var written = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (response.ContentType is { } type && type.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            written = LastSseData(written);
            response.ContentType = "application/json";
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentEncoding = default;
            response.Headers["X-Accel-Buffering"] = default;
        }

        if (written.Length > 0)
        {
            response.ContentLength = written.Length;
            await response.Body.WriteAsync(written, context.RequestAborted);
        }

        return result;
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

    /// <summary>The last <c>data:</c> payload of an SSE stream: the final response of the request.</summary>
    private static Memory<byte> LastSseData(Memory<byte> stream)
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
}
