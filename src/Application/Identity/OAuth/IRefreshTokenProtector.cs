namespace Platform.Application.Identity.OAuth;

/// <summary>
/// Encrypts a refresh token's successor for the reuse grace (tokens are otherwise stored only as
/// hashes): ASP.NET Core Data Protection with the key ring every node shares.
/// </summary>
public interface IRefreshTokenProtector
{
    string Protect(string refreshToken);

    /// <summary>The plaintext, or null when <paramref name="protectedToken"/> cannot be decrypted (tampered, or its key is gone).</summary>
    string? Unprotect(string protectedToken);
}
