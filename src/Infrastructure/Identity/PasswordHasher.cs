using Microsoft.AspNetCore.Identity;
using IPlatformPasswordHasher = Platform.Application.Common.Interfaces.IPasswordHasher;

namespace Platform.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (V3 format, constant-time comparison).</summary>
internal sealed class PasswordHasher : IPlatformPasswordHasher
{
    private static readonly PasswordHasher<object> Inner = new();
    private static readonly object Subject = new();
    private static readonly Lazy<string> Dummy = new(() => Inner.HashPassword(Subject, "not-a-real-password"));

    public string Hash(string password) => Inner.HashPassword(Subject, password);

    public bool Verify(string hash, string password, out bool needsRehash)
    {
        var result = Inner.VerifyHashedPassword(Subject, hash, password);
        needsRehash = result == PasswordVerificationResult.SuccessRehashNeeded;
        return result != PasswordVerificationResult.Failed;
    }

    public void SimulateVerify(string password) => Inner.VerifyHashedPassword(Subject, Dummy.Value, password);
}
