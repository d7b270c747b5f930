using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;

namespace Platform.Web.Security.Bearer;

/// <summary>The verified content of a bearer access token (what the verified-token cache keeps).</summary>
internal sealed record AccessToken(int UserId, IReadOnlyList<string> Scopes, string? ClientId, DateTimeOffset ExpiresAt);

/// <summary>A refused token; the message is safe to show as <c>error_description</c>.</summary>
public sealed class BearerTokenException(string message, Exception? inner = null) : SecurityTokenValidationException(message, inner);

/// <summary>
/// The access-token check of the <c>Bearer</c> scheme (RFC 9068 profile): Microsoft.IdentityModel's
/// <see cref="JsonWebTokenHandler"/> with <see cref="Parameters"/> does the JWS work — signature,
/// <c>alg</c> pinned to the key's type (<see cref="TokenValidationParameters.AlgorithmValidator"/>),
/// <c>iss</c> exact, <c>aud</c> exact (string or array), <c>typ</c> <c>at+jwt</c>/<c>application/at+jwt</c>
/// when present, <c>exp</c> strict and <c>nbf</c>/<c>iat</c> at most <see cref="ClockSkew"/> ahead.
/// Around it, this class adds what the library cannot do on its own:
/// <list type="bullet">
/// <item>the key lookup is asynchronous (the provider may read the database or the issuer's JWKS), but
/// <see cref="TokenValidationParameters.IssuerSigningKeyResolver"/> is synchronous; so the key is found
/// by <c>kid</c> here, awaited, and handed to the library as the only key of a per-call clone of the
/// parameters (no blocking, no shared mutable state);</item>
/// <item>header rules checked before any lookup (size, an unsigned JWS, <c>alg</c> ES256/RS256,
/// <c>crit</c>, <c>kid</c> required) and a positive integer <c>sub</c> and a string <c>scope</c> after;</item>
/// <item>every failure mapped to the fixed <c>error_description</c> texts of the contract;</item>
/// <item>a token that passed is remembered (by its SHA-256) for at most <see cref="VerifiedLifetime"/>, so a
/// client's stream of calls with one token costs one signature check a minute (decision 0208); its
/// expiry is still checked on every use.</item>
/// </list>
/// </summary>
public sealed class AccessTokenHandler : JsonWebTokenHandler
{
    public const int MaxTokenLength = 8 * 1024;
    public const int MaxVerifiedEntries = 10_000;

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan VerifiedLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The <c>typ</c> values of an access token (RFC 9068 §2.1), compared case-insensitively; an absent <c>typ</c> passes.</summary>
    public static readonly IReadOnlyList<string> AccessTokenTypes = ["at+jwt", "application/at+jwt"];

    public static readonly IReadOnlyList<string> Algorithms = [SigningKey.ES256, SigningKey.RS256];

    private readonly IVerificationKeyProvider _keys;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);

    public AccessTokenHandler(IVerificationKeyProvider keys, PlatformOptions options, TimeProvider clock)
        : this(keys, options, clock, options.McpResource)
    {
    }

    /// <summary>A handler for the tokens of one resource: <paramref name="audience"/> is the only <c>aud</c> it accepts.</summary>
    internal AccessTokenHandler(IVerificationKeyProvider keys, PlatformOptions options, TimeProvider clock, string audience)
    {
        _keys = keys;
        _clock = clock;
        MapInboundClaims = false;
        MaximumTokenSizeInBytes = MaxTokenLength;
        Parameters = CreateParameters(options.Issuer, audience, clock);
    }

    /// <summary>What the library checks; the scheme's <c>TokenValidationParameters</c>.</summary>
    public TokenValidationParameters Parameters { get; }

    /// <summary>Validates <paramref name="token"/> against <see cref="Parameters"/> (for callers outside the scheme, e.g. tests).</summary>
    public Task<TokenValidationResult> ValidateTokenAsync(string token) => ValidateTokenAsync(token, Parameters);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return Fail("token size out of bounds");
        }

        var fingerprint = Fingerprint(token);
        var now = _clock.GetUtcNow();
        if (_verified.TryGetValue(fingerprint, out var known) && now < known.Until && now < known.Token.ExpiresAt)
        {
            return Success(known.Token, known.SecurityToken, validationParameters);
        }

        if (!CanReadToken(token))
        {
            return Fail("malformed token");
        }

        JsonWebToken jwt;
        try
        {
            jwt = ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            // Also a registered claim of the wrong JSON type (e.g. "exp":"tomorrow"): the library will not read it.
            return Fail("malformed token", ex);
        }

        if (jwt.EncodedSignature.Length == 0)
        {
            return Fail("malformed token"); // an unsigned JWS ("alg":"none" and an empty signature)
        }

        if (!Algorithms.Contains(jwt.Alg))
        {
            return Fail("unsupported signing algorithm");
        }

        if (jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return Fail("unsupported critical header");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return Fail("missing key id");
        }

        // The request's cancellation is not available here; the JWKS fetch has its own 5 s timeout.
        var key = await _keys.FindAsync(jwt.Kid, CancellationToken.None).ConfigureAwait(false);
        if (key is null)
        {
            return Fail("unknown signing key");
        }

        var parameters = validationParameters.Clone();
        parameters.IssuerSigningKey = null;
        parameters.IssuerSigningKeys = [key.SecurityKey];
        parameters.IssuerSigningKeyResolver = null;
        var result = await base.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Fail(Describe(result.Exception), result.Exception);
        }

        if (!jwt.TryGetPayloadValue<string>("sub", out var subject)
            || !int.TryParse(subject, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            return Fail("invalid subject");
        }

        IReadOnlyList<string> scopes = [];
        if (jwt.TryGetPayloadValue<object>("scope", out var scope))
        {
            if (scope is not string scopeText)
            {
                return Fail("invalid scope claim");
            }

            scopes = scopeText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        var clientId = jwt.TryGetPayloadValue<object>("client_id", out var client) && client is string c ? c
            : jwt.TryGetPayloadValue<object>("azp", out var azp) && azp is string a ? a : null;
        var accessToken = new AccessToken(userId, scopes, clientId, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));

        if (_verified.Count >= MaxVerifiedEntries)
        {
            _verified.Clear();
        }

        _verified[fingerprint] = new Verified(accessToken, jwt, now + VerifiedLifetime);
        return Success(accessToken, jwt, validationParameters);
    }

    /// <summary>The <c>error_description</c> for a failure of the scheme (null: no token was presented).</summary>
    public static string Describe(Exception? failure) => failure switch
    {
        null => "invalid token",
        BearerTokenException or Microsoft.AspNetCore.Authentication.AuthenticationFailureException => failure.Message,
        SecurityTokenInvalidTypeException => "not an access token",
        SecurityTokenInvalidIssuerException => "invalid issuer",
        SecurityTokenInvalidAudienceException => "invalid audience",
        SecurityTokenNoExpirationException => "missing or invalid exp",
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidAlgorithmException => "unsupported signing algorithm",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenMalformedException or ArgumentException => "malformed token",
        _ => "invalid token",
    };

    private static TokenValidationParameters CreateParameters(string issuer, string audience, TimeProvider clock) => new()
    {
        AuthenticationType = JwtBearerDefaults.AuthenticationScheme,
        NameClaimType = ClaimTypes.Name,
        RoleClaimType = PlatformClaims.SystemRole,
        ValidIssuer = issuer,
        ValidAudience = audience,
        IgnoreTrailingSlashWhenValidatingAudience = false,
        ValidAlgorithms = Algorithms,
        AlgorithmValidator = IsTheKeysOwnAlgorithm,
        ValidTypes = AccessTokenTypes,
        TypeValidator = ValidateType,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, token, _) => ValidateLifetime(clock.GetUtcNow().UtcDateTime, notBefore, expires, token),
        TryAllIssuerSigningKeys = false,
        SaveSigninToken = false,
    };

    /// <summary>ES256 only with an EC key, RS256 only with an RSA key: the token's <c>alg</c> never chooses the algorithm.</summary>
    private static bool IsTheKeysOwnAlgorithm(string algorithm, SecurityKey key, SecurityToken token, TokenValidationParameters parameters) =>
        parameters.ValidAlgorithms?.Contains(algorithm, StringComparer.Ordinal) == true
        && algorithm == key switch
        {
            ECDsaSecurityKey => SigningKey.ES256,
            RsaSecurityKey => SigningKey.RS256,
            _ => null,
        };

    /// <summary>The library's own type check refuses a token without <c>typ</c> and compares case-sensitively; RFC 9068 media types do neither.</summary>
    private static string ValidateType(string type, SecurityToken token, TokenValidationParameters parameters)
    {
        if (string.IsNullOrEmpty(type) && token is JsonWebToken jwt && !jwt.TryGetHeaderValue<object>(JwtHeaderParameterNames.Typ, out _))
        {
            return type;
        }

        return parameters.ValidTypes.Contains(type, StringComparer.OrdinalIgnoreCase) ? type : throw new SecurityTokenInvalidTypeException("not an access token");
    }

    /// <summary><c>exp</c> required and strict (now ≥ exp is expired); <c>nbf</c> and <c>iat</c> at most <see cref="ClockSkew"/> ahead.</summary>
    private static bool ValidateLifetime(DateTime now, DateTime? notBefore, DateTime? expires, SecurityToken token)
    {
        if (expires is not { } exp)
        {
            throw new BearerTokenException("missing or invalid exp");
        }

        if (now >= exp)
        {
            throw new BearerTokenException("token expired");
        }

        if (notBefore is { } nbf && nbf > now + ClockSkew)
        {
            throw new BearerTokenException("token not yet valid");
        }

        if (token is JsonWebToken jwt && jwt.TryGetPayloadValue<object>(JwtRegisteredClaimNames.Iat, out _) && jwt.IssuedAt > now + ClockSkew)
        {
            throw new BearerTokenException("token issued in the future");
        }

        return true;
    }

    private static TokenValidationResult Success(AccessToken token, SecurityToken securityToken, TokenValidationParameters parameters)
    {
        List<Claim> claims =
        [
            new(PlatformClaims.UserId, token.UserId.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.Scope, string.Join(' ', token.Scopes)),
        ];
        if (token.ClientId is { } clientId)
        {
            claims.Add(new Claim("client_id", clientId));
        }

        return new TokenValidationResult
        {
            IsValid = true,
            SecurityToken = securityToken,
            ClaimsIdentity = new ClaimsIdentity(claims, parameters.AuthenticationType, parameters.NameClaimType, parameters.RoleClaimType),
        };
    }

    private static TokenValidationResult Fail(string error, Exception? inner = null) =>
        new() { IsValid = false, Exception = new BearerTokenException(error, inner) };

    private static string Fingerprint(string token)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(token.Length));
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

    private sealed record Verified(AccessToken Token, JsonWebToken SecurityToken, DateTimeOffset Until);
}
