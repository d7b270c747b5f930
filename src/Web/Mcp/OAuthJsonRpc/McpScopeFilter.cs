using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Web.Observability;
using Platform.Web.Security;
using Platform.Web.Security.Bearer;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The MCP step-up: a <c>tools/call</c> whose tool needs a scope the token lacks is answered 403
/// <c>insufficient_scope</c> before the SDK runs, with a challenge listing the token's scopes plus the
/// one needed. The SDK's own authorization filters are not used: they would hide tools from
/// <c>tools/list</c>, which lists every tool whatever the token's scopes.
/// </summary>
internal sealed class McpScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var message = McpMessageFilter.MessageOf(context);
        var tools = McpToolSet.Of(context);
        if (RequiredScope(tools, message, out var tool) is { } scope && !context.RequestServices.GetRequiredService<ICurrentUser>().HasScope(scope))
        {
            ToolCallTelemetry.Start(context.RequestServices, tool!.Dialect.TelemetryName, tool.Definition.Name)
                .Failed(context, new ForbiddenException("insufficient scope", new Dictionary<string, object?>()));
            var challenge = tools.Challenge;
            var granted = (context.User.FindFirst(PlatformClaims.Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.Headers.WWWAuthenticate = challenge.InsufficientScope(granted, scope);
            await JsonRpcErrors.WriteAsync(context, BearerChallenge.UnauthorizedCode,
                $"Forbidden: insufficient scope; this tool requires {scope}.", McpMessageFilter.IdJsonOf(message));
            return Results.Empty;
        }

        return await next(invocation);
    }

    private static string? RequiredScope(McpToolSet tools, JsonRpcMessage? message, out CatalogMcpServerTool? tool)
    {
        tool = null;
        return message is JsonRpcRequest { Method: "tools/call", Params: JsonObject parameters }
               && parameters["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
               && tools.TryGet(name.GetValue<string>(), out tool)
            ? tool.Definition.RequiredScope
            : null;
    }
}
