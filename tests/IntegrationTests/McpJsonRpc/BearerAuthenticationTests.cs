using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Security.Jwt;

namespace Platform.IntegrationTests.McpJsonRpc;

/// <summary>Bearer JWT checks at /api/mcp (external issuer over real HTTP), the 401/403 challenges and the metadata documents.</summary>
public sealed class BearerAuthenticationTests
{
    private const string ResourceMetadata = "resource_metadata=\"http://localhost:3001/.well-known/oauth-protected-resource/api/mcp\"";
    private const string NoTokenChallenge = "Bearer " + ResourceMetadata + ", scope=\"organizations:read tasks:read tasks:write\"";

    private McpTestHost _host = null!;
    private int _userId;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await McpTestHost.StartAsync();
        (_userId, _, _) = await _host.MemberWithOrganizationAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private TestIssuer Issuer => _host.Issuer;

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, bool tokenPresented, string? description = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        if (tokenPresented)
        {
            Assert.That(challenge, Does.StartWith(NoTokenChallenge + ", error=\"invalid_token\", error_description=\""));
            if (description is not null)
            {
                Assert.That(challenge, Does.EndWith($"error_description=\"{description}\""));
            }
        }
        else
        {
            Assert.That(challenge, Is.EqualTo(NoTokenChallenge));
        }

        var json = JsonDocument.Parse(body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"));
            Assert.That(json.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32001));
            Assert.That(json.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task A_valid_es256_or_rs256_token_is_accepted()
    {
        var es = await _host.PostAsync(McpTestHost.ToolsList, Issuer.Token(_userId));
        var rs = await _host.PostAsync(McpTestHost.ToolsList, Issuer.Token(_userId, key: Issuer.RsaKey));

        Assert.That(es.StatusCode, Is.EqualTo(HttpStatusCode.OK), await es.Content.ReadAsStringAsync());
        Assert.That(rs.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rs.Content.ReadAsStringAsync());
        Assert.That((await McpTestHost.ReadRpcAsync(rs)).GetProperty("result").GetProperty("tools").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public async Task No_token_gets_401_without_an_error_code()
    {
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList), tokenPresented: false);
        await AssertUnauthorizedAsync(
            await _host.PostAsync(McpTestHost.ToolsList, headers: new Dictionary<string, string> { ["Authorization"] = "Basic dXNlcjpwdw==" }),
            tokenPresented: false);
    }

    [Test]
    public async Task A_token_in_the_query_string_or_a_session_cookie_is_ignored()
    {
        var token = Issuer.Token(_userId);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/mcp?access_token={token}")
        {
            Content = new StringContent(McpTestHost.ToolsList, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        await AssertUnauthorizedAsync(await _host.Http.SendAsync(request), tokenPresented: false);

        var session = _host.Admin.SessionCookie;
        Assert.That(session, Is.Not.Null);
        await AssertUnauthorizedAsync(
            await _host.PostAsync(McpTestHost.ToolsList, headers: new Dictionary<string, string> { ["Cookie"] = $"scrumboy_session={session}" }),
            tokenPresented: false);
    }

    [Test]
    public async Task Alg_none_is_rejected()
    {
        var payload = Issuer.Claims(_userId).ToJsonString();
        var unsigned = TestIssuer.Raw($$"""{"alg":"none","kid":"{{Issuer.EcKey.KeyId}}","typ":"at+jwt"}""", payload, sign: null);
        var withJunkSignature = TestIssuer.Raw($$"""{"alg":"none","kid":"{{Issuer.EcKey.KeyId}}"}""", payload, _ => [1, 2, 3]);

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, unsigned), tokenPresented: true, "malformed token");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, withJunkSignature), tokenPresented: true, "unsupported signing algorithm");
    }

    [Test]
    public async Task Hs256_signed_with_the_public_key_is_rejected()
    {
        var publicJwk = JsonSerializer.SerializeToUtf8Bytes(Issuer.RsaKey.ToPublicJwk());
        var token = TestIssuer.Raw(
            $$"""{"alg":"HS256","kid":"{{Issuer.RsaKey.KeyId}}","typ":"at+jwt"}""", Issuer.Claims(_userId).ToJsonString(), input => HMACSHA256.HashData(publicJwk, input));

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, token), tokenPresented: true, "unsupported signing algorithm");
    }

    [Test]
    public async Task An_algorithm_other_than_the_keys_own_is_rejected()
    {
        // RS256 in the header, signed by the RSA key, but pointing at the EC key's id.
        var token = TestIssuer.Raw(
            $$"""{"alg":"RS256","kid":"{{Issuer.EcKey.KeyId}}","typ":"at+jwt"}""", Issuer.Claims(_userId).ToJsonString(), input => Issuer.RsaKey.Sign(input));

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, token), tokenPresented: true, "invalid signature");
    }

    private static IEnumerable<TestCaseData> BadClaims()
    {
        yield return new TestCaseData((Action<JsonObject>)(c => c["aud"] = "http://localhost:3001/api/other"), "invalid audience").SetName("Wrong audience");
        yield return new TestCaseData((Action<JsonObject>)(c => c["aud"] = new JsonArray("https://elsewhere/api/mcp")), "invalid audience").SetName("Audience array without the resource");
        yield return new TestCaseData((Action<JsonObject>)(c => c.Remove("aud")), "invalid audience").SetName("Missing audience");
        yield return new TestCaseData((Action<JsonObject>)(c => c["iss"] = "http://localhost:3001/auth"), "invalid issuer").SetName("Wrong issuer");
        yield return new TestCaseData((Action<JsonObject>)(c => c["iss"] = c["iss"]!.GetValue<string>() + "/"), "invalid issuer").SetName("Issuer with a trailing slash");
        yield return new TestCaseData((Action<JsonObject>)(c => c["exp"] = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds()), "token expired").SetName("Expired");
        yield return new TestCaseData((Action<JsonObject>)(c => c.Remove("exp")), "missing or invalid exp").SetName("Missing exp");
        // The library does not read a registered claim of the wrong JSON type: the whole token is malformed.
        yield return new TestCaseData((Action<JsonObject>)(c => c["exp"] = "tomorrow"), "malformed token").SetName("Non-numeric exp");
        yield return new TestCaseData((Action<JsonObject>)(c => c["nbf"] = DateTimeOffset.UtcNow.AddSeconds(120).ToUnixTimeSeconds()), "token not yet valid").SetName("Future nbf");
        yield return new TestCaseData((Action<JsonObject>)(c => c["iat"] = DateTimeOffset.UtcNow.AddSeconds(120).ToUnixTimeSeconds()), "token issued in the future").SetName("Future iat");
        yield return new TestCaseData((Action<JsonObject>)(c => c["sub"] = "alice"), "invalid subject").SetName("Non-numeric subject");
        yield return new TestCaseData((Action<JsonObject>)(c => c["sub"] = "0"), "invalid subject").SetName("Zero subject");
        yield return new TestCaseData((Action<JsonObject>)(c => c["sub"] = "-3"), "invalid subject").SetName("Negative subject");
        yield return new TestCaseData((Action<JsonObject>)(c => c["scope"] = new JsonArray("tasks:read")), "invalid scope claim").SetName("Scope as an array");
    }

    [TestCaseSource(nameof(BadClaims))]
    public async Task A_token_with_bad_claims_is_rejected(Action<JsonObject> tamper, string description)
    {
        var claims = Issuer.Claims(_userId);
        tamper(claims);

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, Issuer.Sign(claims)), tokenPresented: true, description);
    }

    [Test]
    public async Task Nbf_and_iat_within_the_allowed_skew_are_accepted()
    {
        var claims = Issuer.Claims(_userId);
        claims["nbf"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds();
        claims["iat"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds();
        claims["aud"] = new JsonArray("https://other.example/api", TestIssuer.Resource);

        var response = await _host.PostAsync(McpTestHost.ToolsList, Issuer.Sign(claims));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_tampered_payload_is_rejected()
    {
        var token = Issuer.Token(_userId, scope: "tasks:read");
        var parts = token.Split('.');
        var payload = Issuer.Claims(_userId, scope: TestIssuer.AllScopes).ToJsonString();
        var tampered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, tampered), tokenPresented: true, "invalid signature");
    }

    [Test]
    public async Task Foreign_jku_jwk_and_x5u_headers_are_never_used_to_find_the_key()
    {
        using var attacker = SigningKey.GenerateEs256();
        var jwk = JsonSerializer.Serialize(attacker.ToPublicJwk());
        var claims = Issuer.Claims(_userId).ToJsonString();
        var byUrl = TestIssuer.Raw($$"""{"alg":"ES256","kid":"{{attacker.KeyId}}","jku":"{{Issuer.BaseUrl}}/evil/jwks","x5u":"http://evil.example/cert","typ":"at+jwt"}""", claims, input => attacker.Sign(input));
        var embedded = TestIssuer.Raw($$"""{"alg":"ES256","kid":"{{attacker.KeyId}}","jwk":{{jwk}},"typ":"at+jwt"}""", claims, input => attacker.Sign(input));
        var issuersKid = TestIssuer.Raw($$"""{"alg":"ES256","kid":"{{Issuer.EcKey.KeyId}}","jwk":{{jwk}},"typ":"at+jwt"}""", claims, input => attacker.Sign(input));

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, byUrl), tokenPresented: true, "unknown signing key");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, embedded), tokenPresented: true, "unknown signing key");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, issuersKid), tokenPresented: true, "invalid signature");
    }

    [Test]
    public async Task Unknown_key_ids_are_rejected_without_hammering_the_issuer()
    {
        using var stranger = SigningKey.GenerateEs256();
        var before = Issuer.JwksRequests;

        for (var i = 0; i < 5; i++)
        {
            var claims = Issuer.Claims(_userId);
            var token = TestIssuer.Raw($$"""{"alg":"ES256","kid":"garbage-{{i}}","typ":"at+jwt"}""", claims.ToJsonString(), input => stranger.Sign(input));
            await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, token), tokenPresented: true, "unknown signing key");
        }

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, Issuer.Sign(Issuer.Claims(_userId), stranger)), tokenPresented: true);
        Assert.That(Issuer.JwksRequests - before, Is.LessThanOrEqualTo(1), "at most one refetch within the minimum interval");
    }

    [Test]
    public async Task Oversize_and_garbage_tokens_are_rejected()
    {
        var claims = Issuer.Claims(_userId);
        claims["padding"] = new string('x', 9000);

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, Issuer.Sign(claims)), tokenPresented: true, "token size out of bounds");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, "not-a-jwt"), tokenPresented: true, "malformed token");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, "a.b.c"), tokenPresented: true, "malformed token");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, "eyJhbGciOiJFUzI1NiJ9.e30.!!!"), tokenPresented: true, "malformed token");
    }

    [Test]
    public async Task A_token_of_a_missing_or_disabled_user_is_rejected()
    {
        var disabled = await _host.CreateUserAsync();
        await using (var db = _host.App.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == disabled);
            user.Disable(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, Issuer.Token(disabled)), tokenPresented: true, "token subject is not an active user");
        await AssertUnauthorizedAsync(await _host.PostAsync(McpTestHost.ToolsList, Issuer.Token(424242)), tokenPresented: true, "token subject is not an active user");
    }

    // ---- scopes ------------------------------------------------------------------------------

    [TestCase("list_organizations", "tasks:read tasks:write", "tasks:read tasks:write organizations:read")]
    [TestCase("list_tasks", "organizations:read", "organizations:read tasks:read")]
    [TestCase("get_task", "tasks:write", "tasks:write tasks:read")]
    [TestCase("create_task", "tasks:read offline_access", "tasks:read tasks:write")]
    [TestCase("update_task", "", "tasks:write")]
    public async Task A_tool_whose_scope_the_token_lacks_gets_a_403_step_up_challenge(string tool, string granted, string challengeScopes)
    {
        var response = await _host.PostAsync(McpTestHost.ToolCall(tool, new { taskId = 1, title = "x" }, id: 7), Issuer.Token(_userId, scope: granted));

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), body);
        Assert.That(response.Headers.WwwAuthenticate.ToString(),
            Is.EqualTo($"Bearer error=\"insufficient_scope\", scope=\"{challengeScopes}\", {ResourceMetadata}"));
        var json = JsonDocument.Parse(body).RootElement;
        Assert.That(json.GetProperty("id").GetInt32(), Is.EqualTo(7));
        Assert.That(json.GetProperty("error").GetProperty("message").GetString(), Does.Contain(challengeScopes.Split(' ').Last()));
    }

    [Test]
    public async Task Tools_list_shows_every_tool_even_without_scopes()
    {
        var response = await _host.PostAsync(McpTestHost.ToolsList, Issuer.Token(_userId, scope: ""));

        var tools = (await McpTestHost.ReadRpcAsync(response)).GetProperty("result").GetProperty("tools");
        Assert.That(tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()),
            Is.EquivalentTo(new[] { "list_organizations", "list_tasks", "get_task", "create_task", "update_task" }));
    }

    // ---- protected-resource metadata ------------------------------------------------------

    [TestCase("/.well-known/oauth-protected-resource/api/mcp")]
    [TestCase("/.well-known/oauth-protected-resource")]
    public async Task Protected_resource_metadata_names_the_resource_and_the_issuer(string path)
    {
        var response = await _host.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("resource").GetString(), Is.EqualTo("http://localhost:3001/api/mcp"));
            Assert.That(json.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { Issuer.Issuer }));
            Assert.That(json.GetProperty("jwks_uri").GetString(), Is.EqualTo(Issuer.Issuer + "/jwks"));
            Assert.That(json.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(new[] { "organizations:read", "tasks:read", "tasks:write" }));
            Assert.That(json.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "header" }));
            Assert.That(json.GetProperty("resource_name").GetString(), Is.Not.Empty);
        });

        var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "http://localhost:6274");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var options = await _host.Http.SendAsync(preflight);
        Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(options.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        Assert.That(options.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("GET"));
    }
}
