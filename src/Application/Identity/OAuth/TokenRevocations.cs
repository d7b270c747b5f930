namespace Platform.Application.Identity.OAuth;

/// <summary>
/// One revocation: every access token and API token of the user issued at or before
/// <see cref="RevokedBefore"/>; only one client's access tokens when <see cref="ClientId"/> is set,
/// only one API token when <see cref="ApiTokenId"/> is.
/// </summary>
public sealed record TokenRevocationDto(long Id, int UserId, string? ClientId, DateTimeOffset RevokedBefore, long? ApiTokenId = null);

/// <summary>
/// The one token-revocation mechanism (security review finding 6): disabling a user, resetting their
/// password or withdrawing a client's grant records a revocation; every node reads new revocations
/// every couple of seconds into memory, so a revoked access token fails within seconds everywhere
/// without a database round trip per request, and re-enabling the user does not revive it. Personal
/// API tokens use the same records: a user-wide revocation covers them, and revoking one API token
/// records a revocation of that token alone (decision 0302).
/// </summary>
public interface ITokenRevocations
{
    /// <summary>Revokes the user's access tokens issued up to now (only <paramref name="clientId"/>'s, when given).</summary>
    Task RevokeAsync(int userId, string? clientId, CancellationToken cancellationToken);

    /// <summary>Records the revocation of one API token of <paramref name="userId"/>, for the nodes that remember it.</summary>
    Task RevokeApiTokenAsync(int userId, long apiTokenId, CancellationToken cancellationToken);

    /// <summary>
    /// The revocations after <paramref name="afterId"/> that can still matter (revoked at or after
    /// <paramref name="notBefore"/>), oldest first, plus every revocation of the last
    /// <see cref="TokenRevocationRules.ReadOverlap"/> again: a transaction that took a lower id may commit
    /// after a higher id was read, and reading it twice is harmless.
    /// </summary>
    Task<IReadOnlyList<TokenRevocationDto>> ReadAsync(long afterId, DateTimeOffset notBefore, CancellationToken cancellationToken);
}

/// <summary>Timing rules shared by the revocation store, its readers and the maintenance pass.</summary>
public static class TokenRevocationRules
{
    /// <summary>How far back every poll reads again (far longer than a revoking transaction takes to commit).</summary>
    public static readonly TimeSpan ReadOverlap = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a revocation row can still refuse a live token: an access token lives at most
    /// <paramref name="accessTokenLifetime"/> (at least an hour is assumed, for tokens of an external
    /// issuer), plus the allowed clock skew and a margin. API tokens keep their own <c>revoked_at</c>.
    /// </summary>
    public static TimeSpan Horizon(TimeSpan accessTokenLifetime) =>
        (accessTokenLifetime > TimeSpan.FromHours(1) ? accessTokenLifetime : TimeSpan.FromHours(1)) + TimeSpan.FromMinutes(2);
}
