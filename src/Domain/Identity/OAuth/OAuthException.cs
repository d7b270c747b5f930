using Platform.Domain.Common;

namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// An OAuth protocol error (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 8707 §2): <see cref="Error"/> is the
/// wire code (<c>invalid_grant</c>, <c>invalid_client</c>, …) and <see cref="Description"/> the
/// human-readable <c>error_description</c>. The OAuth endpoints write it as
/// <c>{"error","error_description"}</c>; other transports see a VALIDATION_ERROR (or AUTH_REQUIRED
/// for <c>invalid_client</c>).
/// </summary>
public sealed class OAuthException(string error, string description)
    : PlatformException(error == OAuthErrors.InvalidClient ? ErrorCodes.AuthRequired : ErrorCodes.Validation, description,
        new Dictionary<string, object?> { ["error"] = error })
{
    public string Error { get; } = error;

    public string Description { get; } = description;
}

/// <summary>The OAuth error codes this server emits.</summary>
public static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidTarget = "invalid_target";
    public const string AccessDenied = "access_denied";
    public const string InvalidRedirectUri = "invalid_redirect_uri";
    public const string InvalidClientMetadata = "invalid_client_metadata";
}
