namespace Platform.Domain.Identity.OAuth;

/// <summary>
/// A refresh token (only its SHA-256 is stored). Tokens of one grant form a family: each use
/// rotates the token (the old one is marked <see cref="RotatedAt"/>, a child is issued), and
/// presenting a rotated or revoked token again revokes the whole family.
/// </summary>
public sealed class OAuthRefreshToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

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

    public IReadOnlyList<string> Scopes => OAuthScopes.Split(Scope);

    /// <summary>The first token of a family, issued with an authorization code that granted offline_access.</summary>
    public static OAuthRefreshToken IssueFor(OAuthAuthorizationCode code, byte[] tokenHash, DateTimeOffset now)
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
            ExpiresAt = now + Lifetime,
        };
    }

    /// <summary>Marks this token used and returns its successor (same family, same grant).</summary>
    public OAuthRefreshToken RotateTo(byte[] tokenHash, DateTimeOffset now)
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
            ExpiresAt = now + Lifetime,
        };
    }

    public bool IsActive(DateTimeOffset now) => RotatedAt is null && RevokedAt is null && now < ExpiresAt;

    /// <summary>True when this token was already used or revoked: presenting it again is a replay.</summary>
    public bool IsSpent => RotatedAt is not null || RevokedAt is not null;
}
