namespace Platform.Domain.Identity;

/// <summary>
/// A signed-in browser or agent. Only the SHA-256 of the token is stored; the token itself lives in
/// the <c>scrumboy_session</c> cookie.
/// </summary>
public sealed class Session
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private Session()
    {
    }

    public long Id { get; private set; }

    public int UserId { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public string? UserAgent { get; private set; }

    public string? IpAddress { get; private set; }

    public static Session Start(int userId, byte[] tokenHash, DateTimeOffset now, string? userAgent, string? ipAddress) =>
        new()
        {
            UserId = userId,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
            LastSeenAt = now,
            UserAgent = userAgent is { Length: > 512 } ? userAgent[..512] : userAgent,
            IpAddress = ipAddress,
        };

    public bool IsActive(DateTimeOffset now) => ExpiresAt > now;
}
