using System.Buffers.Text;
using System.Security.Cryptography;
using Platform.Application.Identity.Sessions;

namespace Platform.Application.Identity.OAuth;

/// <summary>Where the authorization server lives and whom its tokens are for.</summary>
public interface IOAuthServerSettings
{
    /// <summary>The issuer identifier (<c>BETTER_AUTH_URL + "/auth"</c>), byte-exact everywhere.</summary>
    string Issuer { get; }

    /// <summary>
    /// The default protected resource (<c>BACKEND_URL + "/api/mcp"</c>): the <c>aud</c> of a token whose
    /// request named no <c>resource</c>.
    /// </summary>
    string Resource { get; }

    /// <summary>
    /// The board tools' protected resource (<c>BACKEND_URL + "/api/boards/mcp"</c>, decision 0106), or
    /// null when this server issues tokens for <see cref="Resource"/> alone.
    /// </summary>
    string? BoardsResource => null;
}

/// <summary>A signed access token and its lifetime in seconds.</summary>
public sealed record IssuedAccessToken(string Token, int ExpiresIn);

/// <summary>Mints access tokens (JWTs signed with the current signing key).</summary>
public interface IAccessTokenIssuer
{
    /// <summary>A token for one resource: <paramref name="audience"/> is its <c>aud</c>.</summary>
    Task<IssuedAccessToken> IssueAsync(int userId, string clientId, IReadOnlyList<string> scopes, string audience, CancellationToken ct);
}

/// <summary>A signing key as the admin API shows it (never the private part).</summary>
public sealed record SigningKeyDto(string KeyId, string Algorithm, string Status, string Source, bool Published, DateTimeOffset? CreatedAt, DateTimeOffset? RetiredAt);

/// <summary>Lists and rotates the authorization server's signing keys (the database is the source of truth).</summary>
public interface ISigningKeyManager
{
    Task<IReadOnlyList<SigningKeyDto>> ListAsync(CancellationToken ct);

    /// <summary>Generates a new current key and retires the old one (which stays published).</summary>
    Task<SigningKeyDto> RotateAsync(CancellationToken ct);
}

/// <summary>Random opaque values (codes, refresh tokens, secrets, client ids) and their stored hashes.</summary>
public static class OAuthSecrets
{
    public const int MaxPresentedLength = 512;

    /// <summary>32 random bytes, base64url (43 characters).</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A client identifier: 24 random bytes, base64url (32 characters).</summary>
    public static string NewClientId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>SHA-256 of the value; enough for high-entropy random secrets (no password stretching needed).</summary>
    public static byte[] Hash(string value) => SessionService.HashToken(value);
}
