using Platform.Domain.Common;
using Platform.Web.Api;
using Platform.Web.Mcp.CookieEnvelope;

namespace Platform.Web.Hosting;

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

            if (EnvelopeEndpoint.Owns(context.Request.Path))
            {
                // e.g. the session lookup failed during a database outage: still an envelope
                await EnvelopeEndpoint.WriteExceptionAsync(context, ex);
                return;
            }

            await ApiErrors.WriteAsync(context, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, object? traceId);
}
