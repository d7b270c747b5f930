namespace Platform.Infrastructure.Security.Jwt;

/// <summary>
/// The authorization server's signing keys: the current one signs access tokens; the published set
/// (current + previous) is what <c>/auth/jwks</c> serves.
/// </summary>
public interface ISigningKeyStore
{
    ValueTask<SigningKey> GetCurrentAsync(CancellationToken ct);

    ValueTask<IReadOnlyList<SigningKey>> GetPublishedAsync(CancellationToken ct);
}

/// <summary>
/// Where the bearer handler finds the public key for a token's <c>kid</c>: in-process from the
/// embedded authorization server, or from a remote issuer's JWKS (cached, refetched once on an
/// unknown kid, never per request).
/// </summary>
public interface IVerificationKeyProvider
{
    ValueTask<SigningKey?> FindAsync(string? keyId, CancellationToken ct);
}
