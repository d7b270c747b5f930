namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// A refresh token (only its SHA-256 is stored). Tokens of one grant form a family: each use
/// rotates the token (the old one is marked <see cref="RotatedAt"/>, a child is issued). A rotated
/// token presented again within its reuse grace gets its successor again (decision 0303); after
/// that, or when revoked, presenting it revokes the whole family.
/// </summary>
public sealed class OAuthRefreshToken
{
    /// <summary>The default lifetime, renewed by every rotation (sliding); configurable (<c>OAuth:RefreshTokenLifetime</c>).</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    private OAuthRefreshToken()
    {
    }

    public long Id { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public Guid FamilyId { get; private set; }

    /// <summary>The token this one replaced (null for the first of a family).</summary>
    public long? ParentId { get; private set; }

    public long ClientId { get; private set; }

    public int UserId { get; private set; }

    /// <summary>The scopes of the grant (a refresh never widens them; RFC 6749 §6).</summary>
    public string Scope { get; private set; } = "";

    public string? Resource { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RotatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>
    /// The successor's plaintext, encrypted with ASP.NET Core Data Protection, kept only while a
    /// repeated presentation of this rotated token may still get it (<see cref="ReuseGraceUntil"/>);
    /// cleared by maintenance afterwards and by a revocation.
    /// </summary>
    public string? ProtectedSuccessor { get; private set; }

    /// <summary>Until when this rotated token, presented again, gets <see cref="ProtectedSuccessor"/> instead of revoking the family.</summary>
    public DateTimeOffset? ReuseGraceUntil { get; private set; }

    public IReadOnlyList<string> Scopes => OAuthScopes.Split(Scope);

    /// <summary>The first token of a family, issued with an authorization code that granted offline_access.</summary>
    public static OAuthRefreshToken IssueFor(OAuthAuthorizationCode code, byte[] tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        if (!code.Scopes.Contains(OAuthScopes.OfflineAccess, StringComparer.Ordinal))
        {
            throw new InvalidOperationException("A refresh token needs an offline_access grant.");
        }

        return new OAuthRefreshToken
        {
            TokenHash = tokenHash,
            FamilyId = code.FamilyId,
            ClientId = code.ClientId,
            UserId = code.UserId,
            Scope = code.Scope,
            Resource = code.Resource,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    /// <summary>Marks this token used and returns its successor (same family, same grant, a new <paramref name="lifetime"/>).</summary>
    public OAuthRefreshToken RotateTo(byte[] tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        if (RotatedAt is not null || RevokedAt is not null)
        {
            throw new InvalidOperationException("Only an active refresh token can rotate.");
        }

        RotatedAt = now;
        return new OAuthRefreshToken
        {
            TokenHash = tokenHash,
            FamilyId = FamilyId,
            ParentId = Id,
            ClientId = ClientId,
            UserId = UserId,
            Scope = Scope,
            Resource = Resource,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    public bool IsActive(DateTimeOffset now) => RotatedAt is null && RevokedAt is null && now < ExpiresAt;

    /// <summary>True when this token was already used or revoked: presenting it again is a replay (unless <see cref="IsInReuseGrace"/>).</summary>
    public bool IsSpent => RotatedAt is not null || RevokedAt is not null;

    /// <summary>
    /// True when this token was rotated (not revoked) less than the reuse grace ago and its successor
    /// is still kept: presenting it again is the same request again (a retry, a second window), not a replay.
    /// </summary>
    public bool IsInReuseGrace(DateTimeOffset now) =>
        RotatedAt is not null && RevokedAt is null && ProtectedSuccessor is not null && now < ReuseGraceUntil;
}
