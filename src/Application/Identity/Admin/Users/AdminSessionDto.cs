namespace Platform.Application.Identity.Admin.Users;

/// <summary>A live cookie session (never its token: only a hash of it is stored anyway).</summary>
public sealed record AdminSessionDto(long Id, int UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset LastSeenAt, string? UserAgent, string? IpAddress);
