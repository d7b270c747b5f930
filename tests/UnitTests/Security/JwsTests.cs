using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.UnitTests.Security;

public sealed class JwsTests
{
    private static JsonObject Claims() => new() { ["iss"] = "http://localhost:3001/auth", ["sub"] = "7", ["exp"] = 4_000_000_000L };

    [Test]
    public void Es256_round_trip_uses_a_64_byte_signature_and_the_key_thumbprint_as_kid()
    {
        using var key = SigningKey.GenerateEs256();
        var token = Jws.Sign(Claims(), key, "at+jwt");
        Assert.That(Jws.TryParse(token, out var parsed, out _), Is.True);
        using (parsed)
        {
            Assert.That(parsed!.Algorithm, Is.EqualTo("ES256"));
            Assert.That(parsed.KeyId, Is.EqualTo(key.KeyId));
            Assert.That(parsed.Header.RootElement.GetProperty("typ").GetString(), Is.EqualTo("at+jwt"));
            Assert.That(parsed.Signature, Has.Length.EqualTo(64));
            Assert.That(parsed.VerifyWith(key), Is.True);
        }
    }

    [Test]
    public void Rs256_round_trip_and_verification_with_the_published_jwk()
    {
        using var key = SigningKey.GenerateRs256();
        using var publicKey = SigningKey.FromPublicJwk(key.ToPublicJwk());
        Assert.That(publicKey, Is.Not.Null);
        Assert.That(publicKey!.HasPrivateKey, Is.False);
        Assert.That(publicKey.KeyId, Is.EqualTo(key.KeyId));
        Jws.TryParse(Jws.Sign(Claims(), key), out var parsed, out _);
        using (parsed)
        {
            Assert.That(parsed!.VerifyWith(publicKey), Is.True);
        }
    }

    [Test]
    public void A_key_only_accepts_its_own_algorithm()
    {
        using var ec = SigningKey.GenerateEs256();
        var token = Jws.Sign(Claims(), ec);
        var parts = token.Split('.');
        foreach (var alg in new[] { "none", "HS256", "RS256", "ES384", "" })
        {
            var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"kid\":\"{ec.KeyId}\"}}"));
            Jws.TryParse($"{header}.{parts[1]}.{parts[2]}", out var parsed, out _);
            using (parsed)
            {
                Assert.That(parsed?.VerifyWith(ec) ?? false, Is.False, alg);
            }
        }
    }

    [Test]
    public void Hs256_signed_with_the_public_key_bytes_does_not_verify()
    {
        using var rsa = SigningKey.GenerateRs256();
        var header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Claims().ToJsonString()));
        var secret = Encoding.UTF8.GetBytes(rsa.ToPublicJwk().N!);
        var mac = Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(header + "." + payload)));
        Jws.TryParse($"{header}.{payload}.{mac}", out var parsed, out _);
        using (parsed)
        {
            Assert.That(parsed!.VerifyWith(rsa), Is.False);
        }
    }

    [Test]
    public void Tampered_payload_fails_verification()
    {
        using var key = SigningKey.GenerateEs256();
        var parts = Jws.Sign(Claims(), key).Split('.');
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"iss\":\"http://localhost:3001/auth\",\"sub\":\"1\",\"exp\":4000000000}"));
        Jws.TryParse($"{parts[0]}.{forged}.{parts[2]}", out var parsed, out _);
        using (parsed)
        {
            Assert.That(parsed!.VerifyWith(key), Is.False);
        }
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("a.b")]
    [TestCase("a.b.c.d")]
    [TestCase("..")]
    [TestCase("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0=.c2ln")]
    [TestCase("eyJhbGciOiJFUzI1NiJ9.W10.c2ln")]
    [TestCase("bm90IGpzb24.eyJzdWIiOiIxIn0.c2ln")]
    public void Malformed_tokens_are_rejected_before_any_crypto(string token) =>
        Assert.That(Jws.TryParse(token, out _, out _), Is.False);

    [Test]
    public void Duplicate_claims_and_oversize_tokens_are_rejected()
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"ES256\"}"u8);
        var dup = Base64Url.EncodeToString("{\"sub\":\"1\",\"sub\":\"2\"}"u8);
        Assert.That(Jws.TryParse($"{header}.{dup}.c2ln", out _, out _), Is.False);
        var huge = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', 9000) + "\"}"));
        Assert.That(Jws.TryParse($"{header}.{huge}.c2ln", out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo("token size out of bounds"));
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
