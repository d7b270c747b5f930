namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// A one-time authorization code (only its SHA-256 is stored), bound to the client, the redirect
/// URI used at /authorize, the PKCE challenge, the user, the granted scopes and the resource.
/// <see cref="FamilyId"/> names every refresh token issued from it, so a replayed code can revoke them.
/// </summary>
public sealed class OAuthAuthorizationCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private OAuthAuthorizationCode()
    {
    }

    public long Id { get; private set; }

    public byte[] CodeHash { get; private set; } = [];

    /// <summary>The client's row id (not its public client_id).</summary>
    public long ClientId { get; private set; }

    public int UserId { get; private set; }

    public string RedirectUri { get; private set; } = "";

    public string CodeChallenge { get; private set; } = "";

    public string Scope { get; private set; } = "";

    public string? Resource { get; private set; }

    public Guid FamilyId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ConsumedAt { get; private set; }

    public static OAuthAuthorizationCode Issue(
        byte[] codeHash, long clientId, int userId, string redirectUri, string codeChallenge, IEnumerable<string> scopes, string? resource, DateTimeOffset now)
    {
        if (!Pkce.IsValidChallenge(codeChallenge))
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "code_challenge must be an S256 challenge");
        }

        return new OAuthAuthorizationCode
        {
            CodeHash = codeHash,
            ClientId = clientId,
            UserId = userId,
            RedirectUri = redirectUri,
            CodeChallenge = codeChallenge,
            Scope = OAuthScopes.Format(scopes),
            Resource = resource,
            FamilyId = Guid.CreateVersion7(now),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
    }

    public bool IsConsumed => ConsumedAt is not null;

    public IReadOnlyList<string> Scopes => OAuthScopes.Split(Scope);

    /// <summary>
    /// Checks everything the token request must prove about this (not yet consumed) code: the same
    /// client, not expired, the same redirect URI, and a PKCE verifier that hashes to the challenge.
    /// Every failure is <c>invalid_grant</c> (RFC 6749 §5.2).
    /// </summary>
    public void EnsureRedeemable(long clientId, string? redirectUri, string? codeVerifier, DateTimeOffset now)
    {
        if (ClientId != clientId)
        {
            throw Grant("the code was issued to another client");
        }

        if (now >= ExpiresAt)
        {
            throw Grant("the code has expired");
        }

        if (!string.Equals(redirectUri, RedirectUri, StringComparison.Ordinal))
        {
            throw Grant("redirect_uri does not match the one used at authorization");
        }

        if (string.IsNullOrEmpty(codeVerifier))
        {
            throw Grant("code_verifier is required");
        }

        if (!Pkce.Verify(codeVerifier, CodeChallenge))
        {
            throw Grant("code_verifier does not match the code_challenge");
        }
    }

    public void Consume(DateTimeOffset now) => ConsumedAt ??= now;

    private static OAuthException Grant(string description) => new(OAuthErrors.InvalidGrant, description);
}
