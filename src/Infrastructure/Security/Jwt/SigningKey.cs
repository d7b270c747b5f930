using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Infrastructure.Security.Jwt;

/// <summary>A public key as published in a JWKS document (RFC 7517). Absent members are omitted.</summary>
public sealed record JsonWebKey
{
    [JsonPropertyName("kty")] public required string Kty { get; init; }

    [JsonPropertyName("kid")] public string? Kid { get; init; }

    [JsonPropertyName("use")] public string? Use { get; init; }

    [JsonPropertyName("alg")] public string? Alg { get; init; }

    [JsonPropertyName("crv")] public string? Crv { get; init; }

    [JsonPropertyName("x")] public string? X { get; init; }

    [JsonPropertyName("y")] public string? Y { get; init; }

    [JsonPropertyName("n")] public string? N { get; init; }

    [JsonPropertyName("e")] public string? E { get; init; }
}

/// <summary>A JWKS document: <c>{"keys":[…]}</c>.</summary>
public sealed record JsonWebKeySet([property: JsonPropertyName("keys")] IReadOnlyList<JsonWebKey> Keys);

/// <summary>
/// An ES256 (P-256) or RS256 (RSA ≥ 2048) key. The algorithm is a property of the key, never of the
/// token: verification with this key only ever accepts its own algorithm. Signing and verifying
/// tokens go through Microsoft.IdentityModel (<see cref="SecurityKey"/>, <see cref="Credentials"/>).
/// </summary>
public sealed class SigningKey : IDisposable
{
    public const string ES256 = "ES256";
    public const string RS256 = "RS256";

    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;

    private SigningKey(string keyId, ECDsa? ec, RSA? rsa, bool hasPrivateKey)
    {
        _ec = ec;
        _rsa = rsa;
        HasPrivateKey = hasPrivateKey;
        Algorithm = ec is not null ? ES256 : RS256;
        KeyId = keyId.Length > 0 ? keyId : Thumbprint(ToPublicJwk(includeKid: false));
        SecurityKey = ec is not null ? new ECDsaSecurityKey(ec) { KeyId = KeyId } : new RsaSecurityKey(rsa!) { KeyId = KeyId };
    }

    public string KeyId { get; }

    public string Algorithm { get; }

    public bool HasPrivateKey { get; }

    /// <summary>The same key for Microsoft.IdentityModel (its <c>KeyId</c> is <see cref="KeyId"/>); one instance per key, so the library's crypto-provider cache hits.</summary>
    public AsymmetricSecurityKey SecurityKey { get; }

    /// <summary>Signing credentials with the key's own algorithm (only for a key with a private part).</summary>
    public SigningCredentials Credentials => HasPrivateKey ? new SigningCredentials(SecurityKey, Algorithm) : throw new InvalidOperationException("This key has no private part.");

    public static SigningKey GenerateEs256() => new("", ECDsa.Create(ECCurve.NamedCurves.nistP256), null, true);

    public static SigningKey GenerateRs256(int bits = 2048) => new("", null, RSA.Create(bits), true);

    /// <summary>Loads a PEM private key (EC P-256 or RSA ≥ 2048 bits, PKCS#8 or traditional).</summary>
    public static SigningKey FromPem(string pem, string keyId = "")
    {
        if (TryImport(pem, ECDsa.Create) is { } ec)
        {
            if (ec.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                ec.Dispose();
                throw new CryptographicException("Only EC keys on the P-256 curve are supported (ES256).");
            }

            return new SigningKey(keyId, ec, null, true);
        }

        var rsa = TryImport(pem, RSA.Create) ?? throw new CryptographicException("The PEM holds neither an EC P-256 nor an RSA private key.");
        if (rsa.KeySize < 2048)
        {
            rsa.Dispose();
            throw new CryptographicException("RSA signing keys must have at least 2048 bits.");
        }

        return new SigningKey(keyId, null, rsa, true);
    }

    /// <summary>Public key from a JWK; null when the JWK is not a usable ES256/RS256 signing key.</summary>
    public static SigningKey? FromPublicJwk(JsonWebKey jwk)
    {
        try
        {
            if (jwk.Use is not null && jwk.Use != "sig")
            {
                return null;
            }

            if (jwk is { Kty: "EC", Crv: "P-256", X: { } x, Y: { } y } && jwk.Alg is null or ES256)
            {
                var ec = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) },
                });
                return new SigningKey(jwk.Kid ?? "", ec, null, false);
            }

            if (jwk is { Kty: "RSA", N: { } n, E: { } e } && jwk.Alg is null or RS256)
            {
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) });
                if (rsa.KeySize < 2048)
                {
                    rsa.Dispose();
                    return null;
                }

                return new SigningKey(jwk.Kid ?? "", null, rsa, false);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
        }

        return null;
    }

    /// <summary>The private key as PKCS#8 PEM (for protected storage).</summary>
    public string ExportPrivateKeyPem() =>
        HasPrivateKey ? (_ec is not null ? _ec.ExportPkcs8PrivateKeyPem() : _rsa!.ExportPkcs8PrivateKeyPem()) : throw new InvalidOperationException("public key only");

    public JsonWebKey ToPublicJwk(bool includeKid = true)
    {
        if (_ec is not null)
        {
            var p = _ec.ExportParameters(false);
            return new JsonWebKey
            {
                Kty = "EC", Crv = "P-256", X = Base64Url.EncodeToString(p.Q.X), Y = Base64Url.EncodeToString(p.Q.Y),
                Kid = includeKid ? KeyId : null, Use = includeKid ? "sig" : null, Alg = includeKid ? ES256 : null,
            };
        }

        var r = _rsa!.ExportParameters(false);
        return new JsonWebKey
        {
            Kty = "RSA", N = Base64Url.EncodeToString(r.Modulus), E = Base64Url.EncodeToString(r.Exponent),
            Kid = includeKid ? KeyId : null, Use = includeKid ? "sig" : null, Alg = includeKid ? RS256 : null,
        };
    }

    /// <summary>A raw signature over <paramref name="data"/> (used to prove a configured PEM can sign, and by tests to forge tokens).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException("This key has no private part.");
        }

        // ES256 needs the IEEE P1363 r||s form (64 bytes), which is .NET's default for ECDsa.SignData.
        return _ec is not null
            ? _ec.SignData(data, HashAlgorithmName.SHA256)
            : _rsa!.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// Frees the key. Only for keys no token will be verified or signed with again: IdentityModel caches
    /// signature providers by the key's thumbprint, so a later, equal key would reuse the disposed one.
    /// </summary>
    public void Dispose()
    {
        _ec?.Dispose();
        _rsa?.Dispose();
    }

    /// <summary>RFC 7638 JWK thumbprint (SHA-256, base64url), used as the key id.</summary>
    public static string Thumbprint(JsonWebKey jwk)
    {
        var canonical = jwk.Kty == "EC"
            ? $"{{\"crv\":\"{jwk.Crv}\",\"kty\":\"EC\",\"x\":\"{jwk.X}\",\"y\":\"{jwk.Y}\"}}"
            : $"{{\"e\":\"{jwk.E}\",\"kty\":\"RSA\",\"n\":\"{jwk.N}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static T? TryImport<T>(string pem, Func<T> create)
        where T : AsymmetricAlgorithm
    {
        var alg = create();
        try
        {
            alg.ImportFromPem(pem);
            return alg;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            alg.Dispose();
            return null;
        }
    }
}
