namespace Platform.Domain.Common;

/// <summary>
/// The closed set of error codes every transport knows how to translate
/// (ProblemDetails / the /api error object, the /mcp envelope, MCP isError results).
/// </summary>
public static class ErrorCodes
{
    public const string Validation = "VALIDATION_ERROR";
    public const string AuthRequired = "AUTH_REQUIRED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string CapabilityUnavailable = "CAPABILITY_UNAVAILABLE";
    public const string RateLimited = "RATE_LIMITED";
    public const string Internal = "INTERNAL";
}

/// <summary>
/// Base of every expected (caller-fixable) error. Carries a stable code, a message meant for the
/// caller and structured details. Anything that is not a <see cref="PlatformException"/> is
/// unexpected: it is logged with a trace id and reported as INTERNAL without its text.
/// </summary>
public abstract class PlatformException : Exception
{
    protected PlatformException(string code, string message, IReadOnlyDictionary<string, object?>? details)
        : base(message)
    {
        Code = code;
        Details = details ?? EmptyDetails;
    }

    private static readonly IReadOnlyDictionary<string, object?> EmptyDetails = new Dictionary<string, object?>();

    public string Code { get; }

    public IReadOnlyDictionary<string, object?> Details { get; }

    /// <summary>True when the caller sent details (so translators that print null for none can tell).</summary>
    public bool HasDetails => Details.Count > 0;
}

public sealed class ValidationFailedException(string message, IReadOnlyDictionary<string, object?>? details = null)
    : PlatformException(ErrorCodes.Validation, message, details)
{
    public static ValidationFailedException ForField(string message, string field) =>
        new(message, new Dictionary<string, object?> { ["field"] = field });
}

public sealed class AuthRequiredException(string message = "Sign-in required", IReadOnlyDictionary<string, object?>? details = null)
    : PlatformException(ErrorCodes.AuthRequired, message, details);

public sealed class ForbiddenException(string message = "forbidden", IReadOnlyDictionary<string, object?>? details = null)
    : PlatformException(ErrorCodes.Forbidden, message, details);

public sealed class NotFoundException(string message = "not found", IReadOnlyDictionary<string, object?>? details = null)
    : PlatformException(ErrorCodes.NotFound, message, details);

public sealed class ConflictException(string message, IReadOnlyDictionary<string, object?>? details = null)
    : PlatformException(ErrorCodes.Conflict, message, details);

public sealed class CapabilityUnavailableException(string message, IReadOnlyDictionary<string, object?>? details = null)
    : PlatformException(ErrorCodes.CapabilityUnavailable, message, details);

public sealed class RateLimitedException(string message = "too many attempts; try again later", TimeSpan? retryAfter = null)
    : PlatformException(ErrorCodes.RateLimited, message, null)
{
    /// <summary>When the caller may try again (the end of the limit's window), when known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
