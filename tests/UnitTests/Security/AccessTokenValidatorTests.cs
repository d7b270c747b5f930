using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Infrastructure.Security.Jwt;
using Platform.Web.Configuration;
using Platform.Web.Security.Bearer;

namespace Platform.UnitTests.Security;

/// <summary>Every rule of the bearer token check, one at a time, against an in-memory key set and a fixed clock.</summary>
public sealed class AccessTokenValidatorTests
{
    private const string Backend = "https://platform.example";
    private const string Issuer = Backend + "/auth";
    private const string Resource = Backend + "/api/mcp";

    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private SigningKey _ec = null!;
    private SigningKey _rsa = null!;
    private AccessTokenValidator _validator = null!;

    [OneTimeSetUp]
    public void CreateKeys()
    {
        _ec = SigningKey.GenerateEs256();
        _rsa = SigningKey.GenerateRs256();
        var options = new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend };
        _validator = new AccessTokenValidator(new StaticKeys(_ec, _rsa), options, new ManualTimeProvider(Now));
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

    private async Task<AccessTokenValidation> ValidateAsync(JsonObject claims, SigningKey? key = null, string typ = "at+jwt") =>
        await _validator.ValidateAsync(Jws.Sign(claims, key ?? _ec, typ), CancellationToken.None);

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
            Assert.That(result.Token!.UserId, Is.EqualTo(42));
            Assert.That(result.Token.Scopes, Is.EqualTo(new[] { "tasks:read", "tasks:write" }));
            Assert.That(result.Token.ClientId, Is.EqualTo("client-1"));
            Assert.That(result.Token.ExpiresAt, Is.EqualTo(Now.AddHours(1)));
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
    public async Task Duplicate_members_and_oversize_tokens_are_rejected()
    {
        var duplicate = Raw($$"""{"alg":"ES256","kid":"{{_ec.KeyId}}"}""", Claims().ToJsonString().Insert(1, "\"sub\":\"1\","), b => _ec.Sign(b));
        var big = Claims();
        big["pad"] = new string('a', AccessTokenValidator.MaxTokenLength);

        Assert.That((await _validator.ValidateAsync(duplicate, CancellationToken.None)).Error, Is.EqualTo("malformed token"));
        Assert.That((await ValidateAsync(big)).Error, Is.EqualTo("token size out of bounds"));
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
        Assert.That((await ValidateAsync(mixed)).Error, Is.EqualTo("invalid audience"));
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

        Assert.That((await ValidateAsync(atNow)).Error, Is.EqualTo("token expired"));
        Assert.That((await ValidateAsync(justAfter)).IsValid, Is.True);
        Assert.That((await ValidateAsync(missing)).Error, Is.EqualTo("missing or invalid exp"));
        Assert.That((await ValidateAsync(negative)).Error, Is.EqualTo("missing or invalid exp"));
    }

    [TestCase("nbf", 60, true)]
    [TestCase("nbf", 61, false)]
    [TestCase("iat", 60, true)]
    [TestCase("iat", 61, false)]
    public async Task Not_before_and_issued_at_allow_sixty_seconds_of_skew(string claim, int secondsAhead, bool valid)
    {
        var claims = Claims();
        claims[claim] = Now.ToUnixTimeSeconds() + secondsAhead;

        Assert.That((await ValidateAsync(claims)).IsValid, Is.EqualTo(valid));
    }

    [TestCase("\"0\"")]
    [TestCase("\"-3\"")]
    [TestCase("\"4x\"")]
    [TestCase("\"99999999999\"")]
    [TestCase("42")]
    [TestCase("null")]
    public async Task The_subject_must_be_a_positive_integer_string(string sub)
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

        Assert.That((await ValidateAsync(none)).Token?.Scopes, Is.Empty);
        Assert.That((await ValidateAsync(array)).Error, Is.EqualTo("invalid scope claim"));
    }

    [Test]
    public async Task A_verified_token_is_reused_until_it_expires()
    {
        var clock = new ManualTimeProvider(Now);
        var keys = new StaticKeys(_ec);
        var validator = new AccessTokenValidator(keys, new PlatformOptions { BackendUrl = Backend, BetterAuthUrl = Backend }, clock);
        var claims = Claims();
        claims["exp"] = Now.AddSeconds(90).ToUnixTimeSeconds();
        var token = Jws.Sign(claims, _ec, "at+jwt");

        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        Assert.That(keys.Lookups, Is.EqualTo(1), "the second use skipped the signature check");

        clock.Advance(AccessTokenValidator.VerifiedLifetime);
        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        Assert.That(keys.Lookups, Is.EqualTo(2), "re-verified after the cache lifetime");

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That((await validator.ValidateAsync(token, CancellationToken.None)).Error, Is.EqualTo("token expired"), "expiry is checked on every use");
    }

    [Test]
    public async Task A_tampered_copy_of_a_verified_token_is_not_served_from_the_cache()
    {
        var token = Jws.Sign(Claims(), _ec, "at+jwt");
        Assert.That((await _validator.ValidateAsync(token, CancellationToken.None)).IsValid, Is.True);
        var parts = token.Split('.');
        var forged = Claims();
        forged["sub"] = "1";
        var tampered = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged.ToJsonString())) + "." + parts[2];

        Assert.That((await _validator.ValidateAsync(tampered, CancellationToken.None)).Error, Is.EqualTo("invalid signature"));
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
