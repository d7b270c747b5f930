using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;
using Platform.Web.Security;
using Platform.Web.Security.Bearer;

namespace Platform.UnitTests.Security;

/// <summary>Every rule of the bearer token check (JsonWebTokenHandler plus ours), one at a time, against an in-memory key set and a fixed clock.</summary>
public sealed class AccessTokenHandlerTests
{
    private const string Backend = "https://platform.example";
    private const string Issuer = Backend + "/auth";
    private const string Resource = Backend + "/api/mcp";

    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private SigningKey _ec = null!;
    private SigningKey _rsa = null!;
    private Validator _validator = null!;

    [OneTimeSetUp]
    public void CreateKeys()
    {
        _ec = SigningKey.GenerateEs256();
        _rsa = SigningKey.GenerateRs256();
        var options = new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend };
        _validator = new Validator(new AccessTokenHandler(new StaticKeys(_ec, _rsa), options, new ManualTimeProvider(Now)));
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _ec.Dispose();
        _rsa.Dispose();
    }

    private static JsonObject Claims() => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "42",
        ["aud"] = Resource,
        ["scope"] = "tasks:read  tasks:write",
        ["client_id"] = "client-1",
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["exp"] = Now.AddHours(1).ToUnixTimeSeconds(),
    };

    private async Task<Validation> ValidateAsync(JsonObject claims, SigningKey? key = null, string typ = "at+jwt") =>
        await _validator.ValidateAsync(Sign(claims, key ?? _ec, typ), CancellationToken.None);

    private static string Sign(JsonObject claims, SigningKey key, string typ = "at+jwt") =>
        Raw(new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.KeyId, ["typ"] = typ }.ToJsonString(), claims.ToJsonString(), b => key.Sign(b));

    private static string Raw(string header, string payload, Func<byte[], byte[]> sign)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(input)));
    }

    [Test]
    public async Task A_valid_token_yields_user_scopes_client_and_expiry()
    {
        var result = await ValidateAsync(Claims());

        Assert.That(result.IsValid, Is.True, result.Error);
        Assert.Multiple(() =>
        {
            Assert.That(result.UserId, Is.EqualTo(42));
            Assert.That(result.Scopes, Is.EqualTo(new[] { "tasks:read", "tasks:write" }));
            Assert.That(result.ClientId, Is.EqualTo("client-1"));
            Assert.That(result.ExpiresAt, Is.EqualTo(Now.AddHours(1)));
        });
    }

    [Test]
    public async Task Rs256_keys_work_too()
    {
        Assert.That((await ValidateAsync(Claims(), _rsa)).IsValid, Is.True);
    }

    [TestCase("JWT")]
    [TestCase("id_token+jwt")]
    public async Task Only_access_token_types_are_accepted(string typ)
    {
        Assert.That((await ValidateAsync(Claims(), typ: typ)).Error, Is.EqualTo("not an access token"));
        Assert.That((await ValidateAsync(Claims(), typ: "application/at+jwt")).IsValid, Is.True);
        Assert.That((await ValidateAsync(Claims(), typ: "AT+JWT")).IsValid, Is.True, "media types compare case-insensitively");
    }

    [Test]
    public async Task A_token_without_typ_is_accepted()
    {
        var token = Raw($$"""{"alg":"ES256","kid":"{{_ec.KeyId}}"}""", Claims().ToJsonString(), b => _ec.Sign(b));

        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
    }

    [Test]
    public async Task A_token_signed_by_platforms_issuer_passes()
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            SigningCredentials = _ec.Credentials,
            Claims = JsonSerializer.Deserialize<Dictionary<string, object>>(Claims().ToJsonString())!
                .ToDictionary(p => p.Key, p => p.Value is JsonElement e && e.ValueKind == JsonValueKind.Number ? e.GetInt64() : (object)((JsonElement)p.Value).GetString()!),
        });

        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
    }

    [TestCase("none")]
    [TestCase("HS256")]
    [TestCase("ES384")]
    [TestCase("PS256")]
    [TestCase("EdDSA")]
    public async Task Algorithms_other_than_es256_and_rs256_are_rejected(string alg)
    {
        var token = Raw($$"""{"alg":"{{alg}}","kid":"{{_ec.KeyId}}","typ":"at+jwt"}""", Claims().ToJsonString(), b => _ec.Sign(b));

        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).Error, Is.EqualTo("unsupported signing algorithm"));
    }

    [Test]
    public async Task Unsigned_and_hs256_with_the_public_key_are_rejected()
    {
        var unsigned = Raw($$"""{"alg":"none","kid":"{{_ec.KeyId}}"}""", Claims().ToJsonString(), _ => []);
        var secret = Encoding.UTF8.GetBytes(_rsa.ToPublicJwk().N!);
        var hs256 = Raw($$"""{"alg":"HS256","kid":"{{_rsa.KeyId}}"}""", Claims().ToJsonString(), b => HMACSHA256.HashData(secret, b));

        Assert.That((await _validator.ValidateAsync(unsigned, CancellationToken.None)).Error, Is.EqualTo("malformed token"));
        Assert.That((await _validator.ValidateAsync(hs256, CancellationToken.None)).Error, Is.EqualTo("unsupported signing algorithm"));
    }

    [Test]
    public async Task The_library_itself_pins_the_algorithm_to_the_key_type()
    {
        // Past our own header checks (ES256 is allowed), the library's AlgorithmValidator still refuses ES256 with an RSA key.
        var handler = new AccessTokenHandler(new StaticKeys(_rsa), new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend }, new ManualTimeProvider(Now));
        var parameters = handler.Parameters.Clone();
        parameters.IssuerSigningKeys = [_rsa.SecurityKey];
        var token = Raw($$"""{"alg":"ES256","kid":"{{_rsa.KeyId}}"}""", Claims().ToJsonString(), b => _ec.Sign(b));

        var result = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

        Assert.That(result.IsValid, Is.False);
        Assert.That(AccessTokenHandler.Describe(result.Exception), Is.EqualTo("invalid signature"));
    }

    [Test]
    public async Task The_algorithm_is_pinned_to_the_key()
    {
        var token = Raw($$"""{"alg":"RS256","kid":"{{_ec.KeyId}}","typ":"at+jwt"}""", Claims().ToJsonString(), b => _rsa.Sign(b));

        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).Error, Is.EqualTo("invalid signature"));
    }

    [Test]
    public async Task Crit_headers_and_missing_key_ids_are_rejected()
    {
        var crit = Raw($$"""{"alg":"ES256","kid":"{{_ec.KeyId}}","crit":["exp"]}""", Claims().ToJsonString(), b => _ec.Sign(b));
        var noKid = Raw("""{"alg":"ES256"}""", Claims().ToJsonString(), b => _ec.Sign(b));
        var unknownKid = Raw("""{"alg":"ES256","kid":"nope"}""", Claims().ToJsonString(), b => _ec.Sign(b));

        Assert.That((await _validator.ValidateAsync(crit, CancellationToken.None)).Error, Is.EqualTo("unsupported critical header"));
        Assert.That((await _validator.ValidateAsync(noKid, CancellationToken.None)).Error, Is.EqualTo("missing key id"));
        Assert.That((await _validator.ValidateAsync(unknownKid, CancellationToken.None)).Error, Is.EqualTo("unknown signing key"));
    }

    [Test]
    public async Task A_signature_by_another_key_with_the_same_kid_is_rejected()
    {
        using var impostor = SigningKey.GenerateEs256();
        var token = Raw($$"""{"alg":"ES256","kid":"{{_ec.KeyId}}"}""", Claims().ToJsonString(), b => impostor.Sign(b));

        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).Error, Is.EqualTo("invalid signature"));
    }

    [Test]
    public async Task Oversize_tokens_are_rejected()
    {
        var big = Claims();
        big["pad"] = new string('a', AccessTokenHandler.MaxTokenLength);

        Assert.That((await ValidateAsync(big)).Error, Is.EqualTo("token size out of bounds"));
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("a.b")]
    [TestCase("a.b.c.d")]
    [TestCase("..")]
    [TestCase("a.b.c")]
    [TestCase("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0=.c2ln")]
    [TestCase("eyJhbGciOiJFUzI1NiJ9.e30.!!!")]
    [TestCase("bm90IGpzb24.eyJzdWIiOiIxIn0.c2ln")]
    public async Task Malformed_tokens_are_rejected_before_any_key_lookup(string token)
    {
        var keys = new StaticKeys(_ec);
        var handler = new Validator(new AccessTokenHandler(keys, new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend }, new ManualTimeProvider(Now)));

        var error = (await handler.ValidateAsync(token, CancellationToken.None)).Error;

        Assert.That(error, Is.EqualTo(token.Length == 0 ? "token size out of bounds" : "malformed token"));
        Assert.That(keys.Lookups, Is.Zero);
    }

    [Test]
    public async Task Duplicate_members_are_read_as_the_library_reads_them_but_only_under_a_trusted_signature()
    {
        // Relaxed (decision 0208): only the issuer can sign duplicate members; the same bytes signed by anyone else fail.
        using var stranger = SigningKey.GenerateEs256();
        var duplicate = Claims().ToJsonString().Insert(1, "\"sub\":\"1\",");
        var forged = Raw($$"""{"alg":"ES256","kid":"{{_ec.KeyId}}"}""", duplicate, b => stranger.Sign(b));

        Assert.That((await _validator.ValidateAsync(forged, CancellationToken.None)).Error, Is.EqualTo("invalid signature"));
    }

    [TestCase("https://platform.example/auth/", "invalid issuer")]
    [TestCase("https://PLATFORM.example/auth", "invalid issuer")]
    [TestCase("https://platform.example", "invalid issuer")]
    public async Task The_issuer_must_match_exactly(string iss, string error)
    {
        var claims = Claims();
        claims["iss"] = iss;

        Assert.That((await ValidateAsync(claims)).Error, Is.EqualTo(error));
    }

    [Test]
    public async Task The_audience_may_be_a_string_or_an_array_containing_the_resource()
    {
        var array = Claims();
        array["aud"] = new JsonArray("https://other.example", Resource);
        var without = Claims();
        without["aud"] = new JsonArray("https://other.example");
        var mixed = Claims();
        mixed["aud"] = new JsonArray(Resource, 5);
        var trailing = Claims();
        trailing["aud"] = Resource + "/";

        Assert.That((await ValidateAsync(array)).IsValid, Is.True);
        Assert.That((await ValidateAsync(without)).Error, Is.EqualTo("invalid audience"));
        Assert.That((await ValidateAsync(mixed)).Error, Is.EqualTo("malformed token"), "the library does not read an aud array holding a non-string");
        Assert.That((await ValidateAsync(trailing)).Error, Is.EqualTo("invalid audience"));
    }

    [Test]
    public async Task Expiry_is_required_and_strict()
    {
        var atNow = Claims();
        atNow["exp"] = Now.ToUnixTimeSeconds();
        var justAfter = Claims();
        justAfter["exp"] = Now.ToUnixTimeSeconds() + 1;
        var missing = Claims();
        missing.Remove("exp");
        var negative = Claims();
        negative["exp"] = -1;

        var text = Claims();
        text["exp"] = "tomorrow";

        Assert.That((await ValidateAsync(atNow)).Error, Is.EqualTo("token expired"));
        Assert.That((await ValidateAsync(justAfter)).IsValid, Is.True);
        Assert.That((await ValidateAsync(missing)).Error, Is.EqualTo("missing or invalid exp"));
        Assert.That((await ValidateAsync(negative)).Error, Is.EqualTo("token expired"));
        Assert.That((await ValidateAsync(text)).Error, Is.EqualTo("malformed token"), "the library does not read a non-numeric exp");
    }

    [TestCase("nbf", 0, true)]
    [TestCase("nbf", 60, true)]
    [TestCase("nbf", 61, false)]
    [TestCase("iat", 60, true)]
    [TestCase("iat", 61, false)]
    public async Task Not_before_and_issued_at_allow_sixty_seconds_of_skew(string claim, int secondsAhead, bool valid)
    {
        var claims = Claims();
        claims[claim] = Now.ToUnixTimeSeconds() + secondsAhead;

        var result = await ValidateAsync(claims);

        Assert.That(result.IsValid, Is.EqualTo(valid), result.Error);
        if (!valid)
        {
            Assert.That(result.Error, Is.EqualTo(claim == "nbf" ? "token not yet valid" : "token issued in the future"));
        }
    }

    [TestCase("\"0\"")]
    [TestCase("\"-3\"")]
    [TestCase("\"4x\"")]
    [TestCase("\"99999999999\"")]
    [TestCase("\" 42\"")]
    [TestCase("null")]
    public async Task The_subject_must_be_a_positive_integer(string sub)
    {
        var claims = Claims();
        claims["sub"] = JsonNode.Parse(sub);

        Assert.That((await ValidateAsync(claims)).Error, Is.EqualTo("invalid subject"));
    }

    [Test]
    public async Task Scope_is_optional_but_must_be_a_string()
    {
        var none = Claims();
        none.Remove("scope");
        var array = Claims();
        array["scope"] = new JsonArray("tasks:read");

        Assert.That((await ValidateAsync(none)).Scopes, Is.Empty);
        Assert.That((await ValidateAsync(array)).Error, Is.EqualTo("invalid scope claim"));
    }

    [Test]
    public async Task A_verified_token_is_reused_until_it_expires()
    {
        var clock = new ManualTimeProvider(Now);
        var keys = new StaticKeys(_ec);
        var validator = new Validator(new AccessTokenHandler(keys, new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend }, clock));
        var claims = Claims();
        claims["exp"] = Now.AddSeconds(90).ToUnixTimeSeconds();
        var token = Sign(claims, _ec);

        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        Assert.That(keys.Lookups, Is.EqualTo(1), "the second use skipped the signature check");

        clock.Advance(AccessTokenHandler.VerifiedLifetime);
        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        Assert.That(keys.Lookups, Is.EqualTo(2), "re-verified after the cache lifetime");

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).Error, Is.EqualTo("token expired"), "expiry is checked on every use");
    }

    [Test]
    public async Task A_tampered_copy_of_a_verified_token_is_not_served_from_the_cache()
    {
        var token = Sign(Claims(), _ec);
        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        var parts = token.Split('.');
        var forged = Claims();
        forged["sub"] = "1";
        var tampered = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged.ToJsonString())) + "." + parts[2];

        Assert.That((await _validator.ValidateAsync(tampered, CancellationToken.None)).Error, Is.EqualTo("invalid signature"));
    }

    private readonly record struct Validation(bool IsValid, string? Error, int UserId, IReadOnlyList<string> Scopes, string? ClientId, DateTimeOffset ExpiresAt);

    /// <summary>The handler's result in the shape these tests assert on (claims of the identity it returns).</summary>
    private sealed class Validator(AccessTokenHandler handler)
    {
        public async Task<Validation> ValidateAsync(string token, CancellationToken ct)
        {
            var result = await handler.ValidateTokenAsync(token);
            if (!result.IsValid)
            {
                Assert.That(result.Exception, Is.InstanceOf<BearerTokenException>(), "every failure carries its error_description");
                return new Validation(false, result.Exception.Message, 0, [], null, default);
            }

            var identity = result.ClaimsIdentity;
            Assert.That(identity.AuthenticationType, Is.EqualTo("Bearer"));
            return new Validation(
                true, null, int.Parse(identity.FindFirst(PlatformClaims.UserId)!.Value, System.Globalization.CultureInfo.InvariantCulture),
                identity.FindFirst(PlatformClaims.Scope)!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries), identity.FindFirst("client_id")?.Value,
                new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
        }
    }

    private sealed class StaticKeys(params SigningKey[] keys) : IVerificationKeyProvider
    {
        public int Lookups { get; private set; }

        public ValueTask<SigningKey?> FindAsync(string? keyId, CancellationToken ct)
        {
            Lookups++;
            return ValueTask.FromResult(keys.FirstOrDefault(k => k.KeyId == keyId));
        }
    }
}
