using Platform.Domain.Common;

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
        ApiJson.LimitBody(context);

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

/// <summary>
/// Last line of defence: any exception that escaped an endpoint becomes its transport's error shape;
/// unexpected ones are logged with the trace id and never leak their text.
/// </summary>
internal sealed partial class UnhandledExceptionMiddleware(RequestDelegate next, ILogger<UnhandledExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away; nothing to answer
        }
        catch (Exception ex)
        {
            if (ex is not PlatformException && !Infrastructure.Persistence.DatabaseErrors.IsUnavailable(ex))
            {
                LogUnhandled(logger, ex, context.Request.Method, context.Request.Path, ApiErrors.TraceDetails(context)["traceId"]);
            }

            if (Mcp.Envelope.EnvelopeEndpoint.Owns(context.Request.Path))
            {
                // e.g. the session lookup failed during a database outage: still an envelope
                await Mcp.Envelope.EnvelopeEndpoint.WriteExceptionAsync(context, ex);
                return;
            }

            await ApiErrors.WriteAsync(context, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, object? traceId);
}
