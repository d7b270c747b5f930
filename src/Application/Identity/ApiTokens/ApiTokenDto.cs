namespace Platform.Application.Identity.ApiTokens;

/// <summary>A personal API token as its user (or an admin) sees it: never the token itself, which is shown once at creation.</summary>
public sealed record ApiTokenDto(long Id, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A token just created, with its plaintext <see cref="Token"/> (shown this once; only its hash is kept).</summary>
public sealed record CreatedApiTokenDto(long Id, string? Name, DateTimeOffset CreatedAt, string Token)
{
    public override string ToString() => $"CreatedApiTokenDto {{ Id = {Id}, Name = {Name}, CreatedAt = {CreatedAt:O} }}";
}

/// <summary>A user's token as the admin API lists it.</summary>
public sealed record AdminApiTokenDto(long Id, int UserId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
