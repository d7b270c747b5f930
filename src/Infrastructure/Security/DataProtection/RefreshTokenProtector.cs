using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Platform.Application.Identity.OAuth;

namespace Platform.Infrastructure.Security.DataProtection;

/// <summary>
/// Encrypts a rotated refresh token's successor for its reuse grace (decision 0303) with Data
/// Protection, whose key ring is in the database, so every node can decrypt what another kept.
/// </summary>
internal sealed class RefreshTokenProtector(IDataProtectionProvider dataProtection) : IRefreshTokenProtector
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Platform.OAuth.RefreshTokenSuccessors.v1");

    public string Protect(string refreshToken) => _protector.Protect(refreshToken);

    public string? Unprotect(string protectedToken)
    {
        try
        {
            return _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
