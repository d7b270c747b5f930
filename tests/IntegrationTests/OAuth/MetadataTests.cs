using System.Net;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>RFC 8414 metadata at every probed location, the JWKS, and CORS for browser clients.</summary>
public sealed class MetadataTests
{
    private const string Backend = "https://platform.example.com";
    private PlatformApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new PlatformApp(backendUrl: Backend);

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [TestCase("/.well-known/oauth-authorization-server/auth")]
    [TestCase("/.well-known/openid-configuration/auth")]
    [TestCase("/auth/.well-known/openid-configuration")]
    [TestCase("/auth/.well-known/oauth-authorization-server")]
    [TestCase("/.well-known/oauth-authorization-server")]
    [TestCase("/.well-known/openid-configuration")]
    public async Task Metadata_is_byte_exact_at_every_probed_location(string path)
    {
        using var client = _app.NewClient();
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        const string expected =
            "{\"issuer\":\"https://platform.example.com/auth\"," +
            "\"authorization_endpoint\":\"https://platform.example.com/auth/authorize\"," +
            "\"token_endpoint\":\"https://platform.example.com/auth/token\"," +
            "\"registration_endpoint\":\"https://platform.example.com/auth/register\"," +
            "\"revocation_endpoint\":\"https://platform.example.com/auth/revoke\"," +
            "\"jwks_uri\":\"https://platform.example.com/auth/jwks\"," +
            "\"scopes_supported\":[\"organizations:read\",\"tasks:read\",\"tasks:write\",\"projects:read\",\"projects:write\",\"offline_access\"]," +
            "\"response_types_supported\":[\"code\"]," +
            "\"response_modes_supported\":[\"query\"]," +
            "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\"]," +
            "\"token_endpoint_auth_methods_supported\":[\"none\",\"client_secret_post\",\"client_secret_basic\"]," +
            "\"revocation_endpoint_auth_methods_supported\":[\"none\",\"client_secret_post\",\"client_secret_basic\"]," +
            "\"code_challenge_methods_supported\":[\"S256\"]," +
            "\"authorization_response_iss_parameter_supported\":true," +
            "\"client_id_metadata_document_supported\":true}";
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Issuer_follows_BETTER_AUTH_URL_when_it_differs_from_BACKEND_URL()
    {
        using var app = new PlatformApp(backendUrl: Backend, settings: new Dictionary<string, string?> { ["BETTER_AUTH_URL"] = "https://auth.example.com/" });
        using var client = app.NewClient();
        var json = await (await client.GetAsync("/.well-known/oauth-authorization-server/auth")).ReadJsonAsync();
        Assert.That(json.GetProperty("issuer").GetString(), Is.EqualTo("https://auth.example.com/auth"));
        Assert.That(json.GetProperty("jwks_uri").GetString(), Is.EqualTo("https://auth.example.com/auth/jwks"));
    }

    [TestCase("/.well-known/oauth-authorization-server/auth", "GET")]
    [TestCase("/.well-known/oauth-authorization-server", "GET")]
    [TestCase("/.well-known/openid-configuration/auth", "GET")]
    [TestCase("/auth/.well-known/openid-configuration", "GET")]
    [TestCase("/auth/jwks", "GET")]
    [TestCase("/auth/register", "POST")]
    [TestCase("/auth/token", "POST")]
    [TestCase("/auth/revoke", "POST")]
    public async Task Cors_preflight_is_answered_for_any_origin(string path, string method)
    {
        using var client = _app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "http://localhost:6274");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        var response = await client.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain(method));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("Content-Type").And.Contain("Authorization"));
    }

    [Test]
    public async Task Actual_cross_origin_responses_carry_the_cors_header()
    {
        using var client = _app.NewClient();
        var jwks = await client.GetAsync("/auth/jwks");
        Assert.That(jwks.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        var token = await client.SendRawAsync(HttpMethod.Post, "/auth/token", "grant_type=authorization_code", csrf: false, "application/x-www-form-urlencoded");
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(token.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        var register = await client.SendRawAsync(HttpMethod.Post, "/auth/register", "{}", csrf: false);
        Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(register.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
    }

    [Test]
    public async Task Jwks_publishes_the_generated_es256_key_with_kid_use_and_alg()
    {
        using var client = _app.NewClient();
        var response = await client.GetAsync("/auth/jwks");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var keys = (await response.ReadJsonAsync()).GetProperty("keys");
        Assert.That(keys.GetArrayLength(), Is.EqualTo(1));
        var key = keys[0];
        Assert.Multiple(() =>
        {
            Assert.That(key.GetProperty("kty").GetString(), Is.EqualTo("EC"));
            Assert.That(key.GetProperty("crv").GetString(), Is.EqualTo("P-256"));
            Assert.That(key.GetProperty("use").GetString(), Is.EqualTo("sig"));
            Assert.That(key.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
            Assert.That(key.GetProperty("kid").GetString(), Is.Not.Empty);
            Assert.That(key.TryGetProperty("d", out _), Is.False, "never the private part");
        });
    }
}
