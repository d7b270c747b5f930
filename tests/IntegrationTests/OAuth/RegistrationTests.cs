using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>Open dynamic client registration (RFC 7591) and its redirect-URI policy.</summary>
public sealed class RegistrationTests
{
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PlatformApp();
        _flow = new OAuthFlow(_app);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Public_client_gets_201_with_its_metadata_echoed_and_no_secret_or_nulls()
    {
        var response = await _flow.RegisterRawAsync(new
        {
            client_name = "Claude Code",
            redirect_uris = new[] { "http://localhost:54212/callback" },
            token_endpoint_auth_method = "none",
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            scope = "tasks:read organizations:read",
            client_uri = (string?)null,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.CacheControl!.NoStore, Is.True);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("null"), "absent fields are omitted, never null");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("client_id").GetString(), Has.Length.GreaterThanOrEqualTo(32));
            Assert.That(json.GetProperty("client_id_issued_at").GetInt64(), Is.GreaterThan(1_700_000_000));
            Assert.That(json.TryGetProperty("client_secret", out _), Is.False);
            Assert.That(json.TryGetProperty("client_secret_expires_at", out _), Is.False);
            Assert.That(json.GetProperty("token_endpoint_auth_method").GetString(), Is.EqualTo("none"));
            Assert.That(json.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "http://localhost:54212/callback" }));
            Assert.That(json.GetProperty("grant_types").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "authorization_code", "refresh_token" }));
            Assert.That(json.GetProperty("response_types").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "code" }));
            Assert.That(json.GetProperty("client_name").GetString(), Is.EqualTo("Claude Code"));
            Assert.That(json.GetProperty("scope").GetString(), Is.EqualTo("organizations:read tasks:read"));
            Assert.That(json.TryGetProperty("client_uri", out _), Is.False);
        });
    }

    [Test]
    public async Task Omitted_auth_method_means_client_secret_basic_with_a_hashed_secret_that_never_expires()
    {
        var client = await _flow.RegisterAsync(new { redirect_uris = new[] { "https://app.example.com/cb" } });
        Assert.Multiple(() =>
        {
            Assert.That(client.AuthMethod, Is.EqualTo("client_secret_basic"));
            Assert.That(client.ClientSecret, Has.Length.GreaterThanOrEqualTo(43));
            Assert.That(client.Json.GetProperty("client_secret_expires_at").GetInt64(), Is.Zero);
            Assert.That(client.Json.GetProperty("grant_types").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "authorization_code" }));
        });

        await using var db = _app.CreateDbContext();
        var stored = await db.OAuthClients.SingleAsync(c => c.ClientId == client.ClientId);
        Assert.That(stored.SecretHash, Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(client.ClientSecret!))), "only the SHA-256 is stored");
    }

    [Test]
    public async Task Client_secret_post_is_echoed_with_a_secret()
    {
        var client = await _flow.RegisterAsync(new { redirect_uris = new[] { "http://127.0.0.1:9000/cb" }, token_endpoint_auth_method = "client_secret_post" });
        Assert.That(client.AuthMethod, Is.EqualTo("client_secret_post"));
        Assert.That(client.ClientSecret, Is.Not.Null);
    }

    [Test]
    public async Task Cursor_three_redirect_uris_are_all_kept()
    {
        string[] uris =
        [
            "cursor://anysphere.cursor-retrieval/oauth/user-platform/callback",
            "https://www.cursor.com/agents/mcp/oauth/callback",
            "http://localhost:8787/callback",
        ];
        var client = await _flow.RegisterAsync(new { client_name = "Cursor", redirect_uris = uris, token_endpoint_auth_method = "none" });
        Assert.That(client.Json.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(uris));
    }

    [Test]
    public async Task Vs_code_four_redirect_uris_are_all_kept()
    {
        string[] uris = ["https://insiders.vscode.dev/redirect", "https://vscode.dev/redirect", "http://127.0.0.1/", "http://127.0.0.1:33418/"];
        var client = await _flow.RegisterAsync(new { client_name = "Visual Studio Code", redirect_uris = uris, token_endpoint_auth_method = "none" });
        Assert.That(client.Json.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(uris));
    }

    [TestCase("com.example.app:/oauth2redirect")]
    [TestCase("vscode://vscode.github-authentication/did-authenticate")]
    [TestCase("http://[::1]:4000/cb")]
    [TestCase("http://localhost/cb")]
    [TestCase("https://claude.ai/api/mcp/auth_callback")]
    [TestCase("https://app.example.com/cb?tenant=1")]
    public async Task Allowed_redirect_uri_is_registered(string uri)
    {
        var client = await _flow.RegisterAsync(new { redirect_uris = new[] { uri }, token_endpoint_auth_method = "none" });
        Assert.That(client.Json.GetProperty("redirect_uris")[0].GetString(), Is.EqualTo(uri));
    }

    [TestCase("javascript:alert(1)")]
    [TestCase("JavaScript://example.com/%0aalert(1)")]
    [TestCase("data:text/html,hi")]
    [TestCase("file:///etc/passwd")]
    [TestCase("vbscript:msgbox")]
    [TestCase("http://example.com/cb")]
    [TestCase("http://192.168.1.10/cb")]
    [TestCase("https://app.example.com/cb#fragment")]
    [TestCase("https://user:pass@app.example.com/cb")]
    [TestCase("https://user@app.example.com/cb")]
    [TestCase("/relative/callback")]
    [TestCase("not a uri")]
    [TestCase("https://app.example.com/c b")]
    [TestCase("")]
    public async Task Forbidden_redirect_uri_rejects_the_whole_registration(string bad)
    {
        var response = await _flow.RegisterRawAsync(new { redirect_uris = new[] { "https://good.example.com/cb", bad }, token_endpoint_auth_method = "none" });
        await AssertErrorAsync(response, "invalid_redirect_uri");
    }

    [Test]
    public async Task Missing_redirect_uris_is_invalid_redirect_uri()
    {
        await AssertErrorAsync(await _flow.RegisterRawAsync(new { client_name = "x" }), "invalid_redirect_uri");
        await AssertErrorAsync(await _flow.RegisterRawAsync(new { redirect_uris = Array.Empty<string>() }), "invalid_redirect_uri");
        await AssertErrorAsync(await _flow.RegisterRawAsync(new { redirect_uris = "https://a.example.com/cb" }), "invalid_redirect_uri");
    }

    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"grant_types\":[\"client_credentials\"]}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"grant_types\":[\"refresh_token\"]}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"response_types\":[\"token\"]}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"scope\":\"tasks:read admin\"}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"scope\":[\"tasks:read\"]}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"application_type\":\"desktop\"}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"logo_uri\":\"javascript:alert(1)\"}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"client_name\":42}")]
    [TestCase("{\"redirect_uris\":[\"https://a.example.com/cb\"],\"redirect_uris\":[\"https://b.example.com/cb\"]}")]
    [TestCase("[\"https://a.example.com/cb\"]")]
    [TestCase("not json")]
    [TestCase("")]
    public async Task Invalid_metadata_is_invalid_client_metadata(string body)
    {
        using var http = _app.NewClient();
        var response = await http.SendRawAsync(HttpMethod.Post, "/auth/register", body, csrf: false);
        await AssertErrorAsync(response, "invalid_client_metadata");
    }

    [Test]
    public async Task Client_name_longer_than_200_characters_is_invalid_client_metadata()
    {
        var response = await _flow.RegisterRawAsync(new { redirect_uris = new[] { "https://a.example.com/cb" }, client_name = new string('x', 201) });
        await AssertErrorAsync(response, "invalid_client_metadata");
    }

    [Test]
    public async Task Unknown_metadata_members_are_ignored()
    {
        var client = await _flow.RegisterAsync(new
        {
            redirect_uris = new[] { "https://a.example.com/cb" },
            token_endpoint_auth_method = "none",
            x_vendor_extension = new { nested = true },
            jwks_uri = "https://a.example.com/jwks",
        });
        Assert.That(client.Json.TryGetProperty("x_vendor_extension", out _), Is.False);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string error)
    {
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), json.ToString());
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo(error), json.ToString());
        Assert.That(json.GetProperty("error_description").GetString(), Is.Not.Empty);
    }
}
