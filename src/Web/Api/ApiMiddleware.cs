using Platform.Domain.Common;
using Platform.Web.Http;

namespace Platform.Web.Api;

/// <summary>
/// Rules for everything under /api, applied before routing so they hold for unknown paths too:
/// <c>Cache-Control: no-store</c>, the 1 MiB body limit, and the CSRF rule (POST/PATCH/DELETE need
/// <c>X-Scrumboy: 1</c>, except a form-encoded logout).
/// </summary>
internal sealed class ApiMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        WireJson.LimitBody(context);

        if (NeedsCsrfHeader(request) && !string.Equals(request.Headers["X-Scrumboy"].ToString(), "1", StringComparison.Ordinal))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "missing X-Scrumboy header", null);
            return;
        }

        await next(context);
    }

    private static bool NeedsCsrfHeader(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPatch(request.Method) && !HttpMethods.IsDelete(request.Method))
        {
            return false;
        }

        if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/auth/logout", StringComparison.Ordinal))
        {
            var contentType = request.ContentType ?? "";
            if (contentType.Contains("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                || contentType.Contains("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
