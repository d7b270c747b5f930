namespace Platform.Application.Identity.OAuth;

/// <summary>Why the OAuth protocol requests are exempt from the generic text rule.</summary>
internal static class OAuthText
{
    /// <summary>
    /// The authorization server answers with RFC 6749/7591 errors and error pages, not with
    /// VALIDATION_ERROR; its endpoints check their own text (registration refuses NUL and lone
    /// surrogates as invalid_client_metadata/invalid_redirect_uri).
    /// </summary>
    public const string Reason = "OAuth protocol values: the authorization server answers with its own error protocol";
}
