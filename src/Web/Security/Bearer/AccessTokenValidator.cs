using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;

namespace Platform.Web.Security.Bearer;

/// <summary>The verified content of a bearer access token.</summary>
public sealed record AccessToken(int UserId, IReadOnlyList<string> Scopes, string? ClientId, DateTimeOffset ExpiresAt);

/// <summary>Either a verified token or the reason it was refused (safe to show in error_description).</summary>
public readonly record struct AccessTokenValidation(AccessToken? Token, string? Error)
{
    public bool IsValid => Token is not null;

    public static AccessTokenValidation Fail(string error) => new(null, error);
}

/// <summary>
/// Verifies a JWT access token locally (RFC 9068 profile, strict): size bound and strict JSON
/// (duplicate members rejected) via <see cref="Jws.TryParse"/>; <c>alg</c> ES256 or RS256 and pinned to
/// the key found by <c>kid</c>; signature; <c>iss</c> equal to the configured issuer; <c>aud</c>
/// (string or array) containing the MCP resource; <c>exp</c> required and in the future;
/// <c>nbf</c>/<c>iat</c> at most <see cref="ClockSkew"/> ahead; integer <c>sub</c>; string <c>scope</c>.
/// A token that passed is remembered (by its SHA-256) for at most <see cref="VerifiedLifetime"/>, so a
/// client's stream of calls with one token costs one signature check a minute; its expiry is still
/// checked on every use.
/// </summary>
public sealed class AccessTokenValidator(IVerificationKeyProvider keys, PlatformOptions options, TimeProvider clock)
{
    public const int MaxTokenLength = Jws.DefaultMaxTokenLength;

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan VerifiedLifetime = TimeSpan.FromSeconds(60);
    public const int MaxVerifiedEntries = 10_000;

    private readonly string _issuer = options.Issuer;
    private readonly string _audience = options.McpResource;
    private readonly ConcurrentDictionary<string, (AccessToken Token, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public async ValueTask<AccessTokenValidation> ValidateAsync(string token, CancellationToken ct)
    {
        if (token.Length is 0 or > MaxTokenLength)
        {
            return AccessTokenValidation.Fail("token size out of bounds");
        }

        var key = Fingerprint(token);
        var now = clock.GetUtcNow();
        if (_verified.TryGetValue(key, out var known) && now < known.Until && now < known.Token.ExpiresAt)
        {
            return new AccessTokenValidation(known.Token, null);
        }

        var result = await VerifyAsync(token, ct);
        if (result.Token is { } verified)
        {
            if (_verified.Count >= MaxVerifiedEntries)
            {
                _verified.Clear();
            }

            _verified[key] = (verified, now + VerifiedLifetime);
        }

        return result;
    }

    private static string Fingerprint(string token)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(token.Length);
        try
        {
            var length = Encoding.UTF8.GetBytes(token, bytes);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return Convert.ToBase64String(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private async ValueTask<AccessTokenValidation> VerifyAsync(string token, CancellationToken ct)
    {
        if (!Jws.TryParse(token, out var parsed, out var parseError, MaxTokenLength))
        {
            return AccessTokenValidation.Fail(parseError);
        }

        using (parsed)
        {
            var header = parsed.Header.RootElement;
            var algorithm = parsed.Algorithm;
            if (algorithm is not (SigningKey.ES256 or SigningKey.RS256))
            {
                return AccessTokenValidation.Fail("unsupported signing algorithm");
            }

            if (header.TryGetProperty("crit", out _))
            {
                return AccessTokenValidation.Fail("unsupported critical header");
            }

            if (header.TryGetProperty("typ", out var typ)
                && !(typ.ValueKind == JsonValueKind.String
                     && typ.GetString() is { } type
                     && (type.Equals("at+jwt", StringComparison.OrdinalIgnoreCase) || type.Equals("application/at+jwt", StringComparison.OrdinalIgnoreCase))))
            {
                return AccessTokenValidation.Fail("not an access token");
            }

            if (parsed.KeyId is not { Length: > 0 } keyId)
            {
                return AccessTokenValidation.Fail("missing key id");
            }

            var key = await keys.FindAsync(keyId, ct);
            if (key is null)
            {
                return AccessTokenValidation.Fail("unknown signing key");
            }

            if (!parsed.VerifyWith(key))
            {
                return AccessTokenValidation.Fail("invalid signature");
            }

            return ValidateClaims(parsed.Payload.RootElement);
        }
    }

    private AccessTokenValidation ValidateClaims(JsonElement claims)
    {
        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || !iss.ValueEquals(_issuer))
        {
            return AccessTokenValidation.Fail("invalid issuer");
        }

        if (!HasAudience(claims))
        {
            return AccessTokenValidation.Fail("invalid audience");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        if (!TryGetNumericDate(claims, "exp", out var exp, out var expPresent) || !expPresent)
        {
            return AccessTokenValidation.Fail("missing or invalid exp");
        }

        if (now >= exp)
        {
            return AccessTokenValidation.Fail("token expired");
        }

        if (!TryGetNumericDate(claims, "nbf", out var nbf, out var nbfPresent) || (nbfPresent && nbf > now + ClockSkew.TotalSeconds))
        {
            return AccessTokenValidation.Fail("token not yet valid");
        }

        if (!TryGetNumericDate(claims, "iat", out var iat, out var iatPresent) || (iatPresent && iat > now + ClockSkew.TotalSeconds))
        {
            return AccessTokenValidation.Fail("token issued in the future");
        }

        if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String
            || !int.TryParse(sub.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            return AccessTokenValidation.Fail("invalid subject");
        }

        IReadOnlyList<string> scopes = [];
        if (claims.TryGetProperty("scope", out var scope))
        {
            if (scope.ValueKind != JsonValueKind.String)
            {
                return AccessTokenValidation.Fail("invalid scope claim");
            }

            scopes = scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        string? clientId = null;
        if ((claims.TryGetProperty("client_id", out var client) || claims.TryGetProperty("azp", out client)) && client.ValueKind == JsonValueKind.String)
        {
            clientId = client.GetString();
        }

        return new AccessTokenValidation(new AccessToken(userId, scopes, clientId, DateTimeOffset.FromUnixTimeMilliseconds((long)(exp * 1000))), null);
    }

    private bool HasAudience(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            return aud.ValueEquals(_audience);
        }

        if (aud.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var found = false;
        foreach (var entry in aud.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            found |= entry.ValueEquals(_audience);
        }

        return found;
    }

    /// <summary>False when the claim is present but not a sane NumericDate (a JSON number of seconds).</summary>
    private static bool TryGetNumericDate(JsonElement claims, string name, out double value, out bool present)
    {
        value = 0;
        present = claims.TryGetProperty(name, out var element);
        if (!present)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out value) || value < 0 || value > 253402300799)
        {
            return false;
        }

        return true;
    }
}
