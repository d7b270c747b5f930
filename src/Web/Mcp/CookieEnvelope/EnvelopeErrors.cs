using Platform.Domain.Common;
using Platform.Web.Http;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>
/// The envelope's error translator over <see cref="ErrorClassifier"/>: the classified status and code,
/// Boards failures in Scrumboy's wording (<see cref="ScrumboyMessages"/>), details always an object;
/// unexpected failures answer 500 INTERNAL <c>internal error</c> <c>{"traceId"}</c>, never their text.
/// </summary>
internal static class EnvelopeErrors
{
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    public static (int Status, string Code, string Message, IReadOnlyDictionary<string, object?> Details) Translate(Exception exception, HttpContext context)
    {
        var error = ScrumboyMessages.Apply(ErrorClassifier.Classify(exception, context));
        if (error.Kind == ErrorKind.DatabaseUnavailable)
        {
            // A database outage is not a bug: 503 with Retry-After, and the client may try again.
            context.Response.Headers.RetryAfter = "5";
        }

        return (error.Status, error.Code, error.Message, error.Details);
    }
}

/// <summary>Any method other than GET or POST on /mcp.</summary>
internal sealed class MethodNotAllowedException()
    : PlatformException(EnvelopeErrors.MethodNotAllowed, "method not allowed", null), IHttpStatusError
{
    public int StatusCode => StatusCodes.Status405MethodNotAllowed;
}

/// <summary>An envelope body over <see cref="EnvelopeEndpoint.MaxBodyBytes"/>.</summary>
internal sealed class EnvelopeTooLargeException()
    : PlatformException(ErrorCodes.Validation, "request body too large", new Dictionary<string, object?> { ["limitBytes"] = EnvelopeEndpoint.MaxBodyBytes }), IHttpStatusError
{
    public int StatusCode => StatusCodes.Status413PayloadTooLarge;
}
