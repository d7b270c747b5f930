using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.ApiTokens;

/// <summary>
/// The token text: <c>sb_</c> + base64url without padding of 32 random bytes (46 characters), and its
/// SHA-256, the only form ever stored or compared. Comparisons happen on digests only (the unique
/// index, a node's memory), so how long one takes says nothing about any token.
/// </summary>
public static class ApiTokenSecrets
{
    /// <summary>A new token and its hash.</summary>
    public static (string Token, byte[] Hash) New()
    {
        var token = ApiToken.Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// True when <paramref name="token"/> has the shape of a token this server issues (prefix, length,
    /// base64url alphabet). Anything else cannot match a stored hash, so it is refused without a lookup.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<char> token)
    {
        if (token.Length != ApiToken.TokenLength || !token.StartsWith(ApiToken.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in token[ApiToken.Prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
