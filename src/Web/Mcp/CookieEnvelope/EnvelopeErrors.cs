using Platform.Domain.Common;
using Platform.Infrastructure.Persistence;
using Platform.Web.Http;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// The envelope's one error translator: code ⇒ HTTP status as Scrumboy maps them, details always an
/// object. Unexpected exceptions are logged with the trace id and answered 500 INTERNAL
/// <c>internal error</c> <c>{"traceId"}</c>, never with their text.
/// </summary>
internal static partial class EnvelopeErrors
{
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    public static (int Status, string Code, string Message, IReadOnlyDictionary<string, object?> Details) Translate(Exception exception, HttpContext context)
    {
        if (exception is PlatformException e)
        {
            var status = e switch
            {
                EnvelopeTooLargeException => StatusCodes.Status413PayloadTooLarge,
                MethodNotAllowedException => StatusCodes.Status405MethodNotAllowed,
                _ => e.Code switch
                {
                    ErrorCodes.Validation => StatusCodes.Status400BadRequest,
                    ErrorCodes.AuthRequired => StatusCodes.Status401Unauthorized,
                    ErrorCodes.Forbidden or ErrorCodes.CapabilityUnavailable => StatusCodes.Status403Forbidden,
                    ErrorCodes.NotFound => StatusCodes.Status404NotFound,
                    ErrorCodes.Conflict => StatusCodes.Status409Conflict,
                    ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
                    _ => 0,
                },
            };
            if (status != 0)
            {
                return (status, e.Code, e.Message, e.Details);
            }
        }

        if (DatabaseErrors.IsInvalidText(exception))
        {
            return (StatusCodes.Status400BadRequest, ErrorCodes.Validation, "invalid text: NUL characters and invalid Unicode are not allowed", new Dictionary<string, object?>());
        }

        if (DatabaseErrors.IsUnavailable(exception))
        {
            // A database outage is not a bug: 503 with Retry-After, and the client may try again.
            context.Response.Headers.RetryAfter = "5";
            return (StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE", "database unavailable; try again shortly",
                new Dictionary<string, object?> { ["traceId"] = TraceIds.Of(context) });
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Web.Mcp.CookieEnvelope");
        var traceId = TraceIds.Of(context);
        LogUnexpected(logger, exception, context.Request.Method, context.Request.Path, traceId);
        return (StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "internal error", new Dictionary<string, object?> { ["traceId"] = traceId });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string traceId);
}

/// <summary>Any method other than GET or POST on /mcp.</summary>
internal sealed class MethodNotAllowedException()
    : PlatformException(EnvelopeErrors.MethodNotAllowed, "method not allowed", null);

/// <summary>An envelope body over <see cref="EnvelopeEndpoint.MaxBodyBytes"/>.</summary>
internal sealed class EnvelopeTooLargeException()
    : PlatformException(ErrorCodes.Validation, "request body too large", new Dictionary<string, object?> { ["limitBytes"] = EnvelopeEndpoint.MaxBodyBytes });
