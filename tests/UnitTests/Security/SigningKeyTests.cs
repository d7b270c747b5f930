using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Infrastructure.Security.Jwt;
using JsonWebKey = Platform.Infrastructure.Security.Jwt.JsonWebKey;

namespace Platform.UnitTests.Security;

/// <summary>Signing keys, and tokens signed with them through Microsoft.IdentityModel (the hand-written JWS is gone).</summary>
public sealed class SigningKeyTests
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private static string Sign(SigningKey key) => Handler.CreateToken(new SecurityTokenDescriptor
    {
        TokenType = "at+jwt",
        SigningCredentials = key.Credentials,
        Claims = new Dictionary<string, object> { ["iss"] = "http://localhost:3001/auth", ["sub"] = "7", ["exp"] = 4_000_000_000L },
    });

    private static async Task<bool> VerifiesAsync(string token, SigningKey key) =>
        (await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key.SecurityKey,
            ValidAlgorithms = [key.Algorithm],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        })).IsValid;

    [Test]
    public async Task Es256_round_trip_uses_a_64_byte_signature_and_the_key_thumbprint_as_kid()
    {
        using var key = SigningKey.GenerateEs256();
        var token = Sign(key);
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[0])).RootElement;

        Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
        Assert.That(header.GetProperty("kid").GetString(), Is.EqualTo(key.KeyId));
        Assert.That(header.GetProperty("typ").GetString(), Is.EqualTo("at+jwt"));
        Assert.That(Base64Url.DecodeFromChars(token.Split('.')[2]), Has.Length.EqualTo(64));
        Assert.That(await VerifiesAsync(token, key), Is.True);
    }

    [Test]
    public async Task Rs256_round_trip_and_verification_with_the_published_jwk()
    {
        using var key = SigningKey.GenerateRs256();
        using var publicKey = SigningKey.FromPublicJwk(key.ToPublicJwk());
        Assert.That(publicKey, Is.Not.Null);
        Assert.That(publicKey!.HasPrivateKey, Is.False);
        Assert.That(publicKey.KeyId, Is.EqualTo(key.KeyId));
        Assert.That(publicKey.SecurityKey.KeyId, Is.EqualTo(key.KeyId));
        Assert.That(await VerifiesAsync(Sign(key), publicKey), Is.True);
        Assert.Throws<InvalidOperationException>(() => _ = publicKey.Credentials);
    }

    [Test]
    public async Task A_raw_signature_is_what_the_library_verifies()
    {
        using var key = SigningKey.GenerateEs256();
        var parts = Sign(key).Split('.');
        var forged = parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(key.Sign(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));

        Assert.That(await VerifiesAsync(forged, key), Is.True);
    }

    [Test]
    public void Rfc7638_thumbprint_example()
    {
        var jwk = new JsonWebKey
        {
            Kty = "RSA",
            E = "AQAB",
            N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        };
        Assert.That(SigningKey.Thumbprint(jwk), Is.EqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
    }

    [Test]
    public void Pem_import_accepts_p256_and_rsa2048_and_refuses_weaker_or_other_curves()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var fromEc = SigningKey.FromPem(p256.ExportECPrivateKeyPem());
        Assert.That(fromEc.Algorithm, Is.EqualTo("ES256"));
        using var pkcs8 = SigningKey.FromPem(p256.ExportPkcs8PrivateKeyPem());
        Assert.That(pkcs8.KeyId, Is.EqualTo(fromEc.KeyId));

        using var rsa = RSA.Create(2048);
        using var fromRsa = SigningKey.FromPem(rsa.ExportRSAPrivateKeyPem());
        Assert.That(fromRsa.Algorithm, Is.EqualTo("RS256"));

        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<CryptographicException>(() => SigningKey.FromPem(p384.ExportPkcs8PrivateKeyPem()));
        using var weak = RSA.Create(1024);
        Assert.Throws<CryptographicException>(() => SigningKey.FromPem(weak.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<CryptographicException>(() => SigningKey.FromPem("-----BEGIN NOTHING-----\nAAAA\n-----END NOTHING-----"));
    }

    [Test]
    public void Jwks_keys_that_are_not_signing_keys_are_ignored()
    {
        using var key = SigningKey.GenerateEs256();
        var jwk = key.ToPublicJwk();
        Assert.That(SigningKey.FromPublicJwk(jwk with { Use = "enc" }), Is.Null);
        Assert.That(SigningKey.FromPublicJwk(jwk with { Alg = "RS256" }), Is.Null);
        Assert.That(SigningKey.FromPublicJwk(jwk with { X = "not-base64url!!" }), Is.Null);
        Assert.That(SigningKey.FromPublicJwk(new JsonWebKey { Kty = "oct" }), Is.Null);
    }
}
