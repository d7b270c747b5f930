using Platform.Domain.Common;
using Platform.Infrastructure.Persistence;

namespace Platform.Web.Http;

/// <summary>What kind of failure an exception is, whatever transport it reaches.</summary>
public enum ErrorKind
{
    /// <summary>An application rule refused the request (not found, forbidden, conflict, …): the caller's to fix.</summary>
    Expected,

    /// <summary>The request's input is invalid (validation, text rule): the caller's to fix.</summary>
    InvalidInput,

    /// <summary>The database cannot be reached: try again shortly (503).</summary>
    DatabaseUnavailable,

    /// <summary>A bug or an unforeseen failure: logged once with the trace id, never shown.</summary>
    Unexpected,
}

/// <summary>
/// A failure as every transport sees it: its kind, the HTTP status and stable code, the message the
/// caller may read, the details (the trace id for the last two kinds) and the trace id.
/// </summary>
public sealed record ClassifiedError(
    ErrorKind Kind, int Status, string Code, string Message, IReadOnlyDictionary<string, object?> Details, string TraceId, PlatformException? Rule)
{
    public bool HasDetails => Details.Count > 0;
}

/// <summary>An error of the web layer that fixes its own HTTP status (413 body too large, 405).</summary>
public interface IHttpStatusError
{
    int StatusCode { get; }
}

/// <summary>
/// The one error classifier (issue 12): every transport's translator (the /api error object and
/// ProblemDetails, the envelope error, the MCP <c>isError</c>) starts from <see cref="Classify"/>, which
/// logs an unexpected failure once, with the trace id, and a database outage as a warning.
/// </summary>
public static partial class ErrorClassifier
{
    public const string InvalidTextMessage = "invalid text: NUL characters and invalid Unicode are not allowed";
    public const string UnavailableCode = "SERVICE_UNAVAILABLE";
    public const string UnavailableMessage = "database unavailable; try again shortly";
    public const string InternalMessage = "internal error";
    public const string UnreadableMessage = "the request could not be read";

    private static readonly IReadOnlyDictionary<string, object?> NoDetails = new Dictionary<string, object?>();

    public static ClassifiedError Classify(Exception exception, HttpContext context)
    {
        var traceId = TraceIds.Of(context);
        if (exception is PlatformException rule && StatusOf(rule) is var status and not 0)
        {
            var kind = rule.Code == ErrorCodes.Validation ? ErrorKind.InvalidInput : ErrorKind.Expected;
            return new ClassifiedError(kind, status, rule.Code, rule.Message, rule.Details, traceId, rule);
        }

        if (DatabaseErrors.IsInvalidText(exception))
        {
            // The text rule runs before any database call; this is the database's own refusal, kept as a net.
            return new ClassifiedError(ErrorKind.InvalidInput, StatusCodes.Status400BadRequest, ErrorCodes.Validation, InvalidTextMessage, NoDetails, traceId, null);
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Web.Errors");
        if (exception is BadHttpRequestException unreadable)
        {
            // The server refused the request itself while reading it: a body cut short by a client that went
            // away, a malformed chunk, a body too slow to arrive. The caller's failure, not Platform's.
            LogUnreadable(logger, unreadable.StatusCode, context.Request.Method, context.Request.Path, traceId, unreadable.Message);
            return new ClassifiedError(ErrorKind.InvalidInput, unreadable.StatusCode, ErrorCodes.Validation, UnreadableMessage, NoDetails, traceId, null);
        }

        var traceDetails = new Dictionary<string, object?> { ["traceId"] = traceId };
        if (DatabaseErrors.IsUnavailable(exception))
        {
            LogUnavailable(logger, exception, context.Request.Method, context.Request.Path, traceId);
            return new ClassifiedError(ErrorKind.DatabaseUnavailable, StatusCodes.Status503ServiceUnavailable, UnavailableCode, UnavailableMessage, traceDetails, traceId, null);
        }

        LogUnexpected(logger, exception, context.Request.Method, context.Request.Path, traceId);
        return new ClassifiedError(ErrorKind.Unexpected, StatusCodes.Status500InternalServerError, ErrorCodes.Internal, InternalMessage, traceDetails, traceId, null);
    }

    /// <summary>The HTTP status of an application error's code (0 for a code no transport knows).</summary>
    public static int StatusOf(PlatformException exception) => exception is IHttpStatusError own ? own.StatusCode : exception.Code switch
    {
        ErrorCodes.Validation => StatusCodes.Status400BadRequest,
        ErrorCodes.AuthRequired => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.CapabilityUnavailable => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => 0,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unreadable request ({Status}) on {Method} {Path} (trace {TraceId}): {Reason}")]
    private static partial void LogUnreadable(ILogger logger, int status, string method, string path, string traceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path, string traceId);
}
