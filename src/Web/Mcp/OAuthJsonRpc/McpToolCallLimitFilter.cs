using ModelContextProtocol.Protocol;
using Platform.Web.Mcp.RateLimiting;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The tool-call limits on /api/mcp (decision 0212): a <c>tools/call</c> counts against its user's and
/// its client's limits (<see cref="ToolCallRateLimiter"/>, no database round trip) and is answered
/// 429 with <c>Retry-After</c> and JSON-RPC error -32000 (<c>data.retryAfter</c>) once either is
/// reached. Every other method (<c>tools/list</c>, <c>server/discover</c>…) is free.
/// </summary>
internal sealed class McpToolCallLimitFilter(ToolCallRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (McpMessageFilter.MessageOf(context) is JsonRpcRequest { Method: "tools/call" } request
            && await limiter.CheckAsync(context) is { } refusal)
        {
            await limiter.WriteJsonRpcAsync(context, refusal, McpMessageFilter.IdJsonOf(request));
            return Results.Empty;
        }

        return await next(invocation);
    }
}
