namespace Platform.Domain.Identity;

/// <summary>
/// A personal API token: <c>sb_</c> + 32 random bytes (base64url, 46 characters in all), shown to
/// its user once and sent as <c>Authorization: Bearer sb_…</c> on <c>/mcp</c>. Only its SHA-256 is
/// stored. It never expires; it stops working when revoked (by its user, an admin, or the user's
/// disabling or password reset).
/// </summary>
public sealed class ApiToken
{
    /// <summary>The prefix that tells an API token from other bearer credentials.</summary>
    public const string Prefix = "sb_";

    /// <summary>Length of a token: the prefix and 43 base64url characters (32 bytes, no padding).</summary>
    public const int TokenLength = 46;

    public const int MaxNameLength = 100;

    /// <summary>Active (unrevoked) tokens a user may hold at once.</summary>
    public const int MaxActivePerUser = 50;

    private ApiToken()
    {
    }

    public long Id { get; private set; }

    public int UserId { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public string? Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new token of <paramref name="userId"/>; <paramref name="name"/> is trimmed, and empty means none.</summary>
    public static ApiToken Issue(int userId, byte[] tokenHash, string? name, DateTimeOffset now)
    {
        var trimmed = name?.Trim();
        return new ApiToken
        {
            UserId = userId,
            TokenHash = tokenHash,
            Name = string.IsNullOrEmpty(trimmed) ? null : trimmed,
            CreatedAt = now,
        };
    }
}
