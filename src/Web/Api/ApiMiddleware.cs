using Platform.Domain.Common;
using Platform.Web.Http;
using Platform.Web.Mcp.BoardTools;
using Platform.Web.Mcp.OAuthJsonRpc;

namespace Platform.Web.Api;

/// <summary>
/// The rules of everything under /api (except the MCP endpoints /api/mcp and /api/boards/mcp, which have their own transport rules):
/// <c>Cache-Control: no-store</c>, the 1 MiB body limit, the CSRF rule (POST/PUT/PATCH/DELETE need
/// <c>X-Scrumboy: 1</c>, except a form-encoded logout) and JSON bodies on unsafe requests (the same
/// exception). The path test is case-insensitive on the decoded path, like routing, so every spelling
/// that reaches an /api endpoint (<c>/API</c>, <c>/aPi</c>, <c>/%41PI</c>) meets the rules; the rules
/// run before routing (unknown paths get their 403 too) and again, from endpoint metadata, for any
/// /api endpoint the path test did not cover.
/// </summary>
internal static class ApiRules
{
    private static readonly object AppliedKey = new();

    /// <summary>True for /api and below, in any letter case, except the MCP endpoints.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments(McpJsonRpcRegistration.Path, StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments(BoardToolsRegistration.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies the rules; false when the request was answered (403 or 415) and must stop here.</summary>
    public static async Task<bool> ApplyAsync(HttpContext context)
    {
        context.Items[AppliedKey] = true;
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        WireJson.LimitBody(context);

        if (!IsUnsafe(request.Method) || IsFormLogout(request))
        {
            return true;
        }

        if (!string.Equals(request.Headers["X-Scrumboy"].ToString(), "1", StringComparison.Ordinal))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "missing X-Scrumboy header", null);
            return false;
        }

        if (HasBody(request) && !JsonMediaType.Is(request.ContentType))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json", null);
            return false;
        }

        return true;
    }

    public static bool WereApplied(HttpContext context) => context.Items.ContainsKey(AppliedKey);

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsFormLogout(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals("/api/auth/logout", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var contentType = request.ContentType ?? "";
        return contentType.Contains("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
               || contentType.Contains("multipart/form-data", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}

/// <summary>The /api rules for every request whose path is under /api, before routing.</summary>
internal sealed class ApiMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await ApiRules.ApplyAsync(context))
        {
            await next(context);
        }
    }
}

/// <summary>
/// The same rules from the endpoint's side: an /api endpoint reached by a path the middleware did not
/// see as /api still applies them (defence in depth; a test pins every spelling).
/// </summary>
internal sealed class ApiRulesFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!ApiRules.WereApplied(context) && !await ApiRules.ApplyAsync(context))
        {
            return Results.Empty;
        }

        return await next(invocation);
    }
}
