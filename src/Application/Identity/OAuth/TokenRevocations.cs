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

    /// <summary>The revocations after <paramref name="afterId"/> that can still matter (revoked at or after <paramref name="notBefore"/>), oldest first.</summary>
    Task<IReadOnlyList<TokenRevocationDto>> ReadAsync(long afterId, DateTimeOffset notBefore, CancellationToken cancellationToken);
}
