using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Domain.Identity.OAuth;

/// <summary>Proof Key for Code Exchange (RFC 7636), S256 only.</summary>
public static class Pkce
{
    public const string S256 = "S256";

    /// <summary>An S256 challenge is BASE64URL(SHA-256(verifier)): exactly 43 base64url characters.</summary>
    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A verifier is 43–128 unreserved characters (RFC 7636 §4.1).</summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= 43 and <= 128 } && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    public static string ChallengeOf(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>Constant-time check that <paramref name="verifier"/> hashes to <paramref name="challenge"/>.</summary>
    public static bool Verify(string? verifier, string challenge)
    {
        if (!IsValidVerifier(verifier))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeOf(verifier!)), Encoding.ASCII.GetBytes(challenge));
    }
}
