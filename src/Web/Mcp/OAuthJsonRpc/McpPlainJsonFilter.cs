using Microsoft.AspNetCore.Http.Features;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// Plain JSON for a client that accepts only JSON (marked by <see cref="McpAcceptFilter"/>), around the
/// SDK only: its event stream is buffered and the last <c>data:</c> event, the final response, is
/// returned as <c>application/json</c>; its JSON errors and 202s pass unchanged.
/// </summary>
internal sealed class McpPlainJsonFilter : IEndpointFilter
{
    private static readonly byte[] SseDataPrefix = "data: "u8.ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!McpAcceptFilter.WantsPlainJson(context))
        {
            return await next(invocation);
        }

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
