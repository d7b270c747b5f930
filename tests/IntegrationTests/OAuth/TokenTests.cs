using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Security.Jwt;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.OAuth;

/// <summary>POST /auth/token and /auth/revoke: code exchange, refresh rotation, client authentication, the JWT.</summary>
public sealed class TokenTests
{
    private const string Redirect = "http://127.0.0.1:8765/callback";
    private PlatformApp _app = null!;
    private OAuthFlow _flow = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PlatformApp();
        _flow = new OAuthFlow(_app);
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Code_exchange_returns_an_at_jwt_verified_by_the_jwks()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, userId) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "organizations:read tasks:read");

        var response = await _flow.ExchangeCodeAsync(client, code, pkce, Redirect, ("resource", "http://localhost:3001/api/mcp"));
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.CacheControl!.NoStore, Is.True);
            Assert.That(response.Headers.Pragma.ToString(), Is.EqualTo("no-cache"));
            Assert.That(json.GetProperty("token_type").GetString(), Is.EqualTo("Bearer"));
            Assert.That(json.GetProperty("expires_in").GetInt32(), Is.EqualTo(3600));
            Assert.That(json.GetProperty("scope").GetString(), Is.EqualTo("organizations:read tasks:read"));
            Assert.That(json.TryGetProperty("refresh_token", out _), Is.False, "no refresh token without offline_access");
        });

        var (header, claims) = await VerifyAsync(json.GetProperty("access_token").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
            Assert.That(header.GetProperty("typ").GetString(), Is.EqualTo("at+jwt"));
            Assert.That(header.GetProperty("kid").GetString(), Is.Not.Empty);
            Assert.That(claims.GetProperty("iss").GetString(), Is.EqualTo("http://localhost:3001/auth"));
            Assert.That(claims.GetProperty("sub").GetString(), Is.EqualTo(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(claims.GetProperty("aud").GetString(), Is.EqualTo("http://localhost:3001/api/mcp"));
            Assert.That(claims.GetProperty("azp").GetString(), Is.EqualTo(client.ClientId));
            Assert.That(claims.GetProperty("client_id").GetString(), Is.EqualTo(client.ClientId));
            Assert.That(claims.GetProperty("scope").GetString(), Is.EqualTo("organizations:read tasks:read"));
            Assert.That(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), Is.EqualTo(3600));
            Assert.That(claims.GetProperty("iat").GetInt64(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(30));
            Assert.That(claims.GetProperty("jti").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Without_resource_the_access_token_is_still_a_jwt_for_the_mcp_resource()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect);
        var json = await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        var (_, claims) = await VerifyAsync(json.GetProperty("access_token").GetString()!);
        Assert.That(claims.GetProperty("aud").GetString(), Is.EqualTo("http://localhost:3001/api/mcp"));
        Assert.That(claims.GetProperty("scope").GetString(), Is.EqualTo("organizations:read tasks:read tasks:write"));
    }

    [Test]
    public async Task Wrong_or_missing_code_verifier_is_invalid_grant()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect);
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, Pkce.New() with { Challenge = pkce.Challenge }, Redirect), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, pkce with { Verifier = "" }, Redirect), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, pkce with { Verifier = pkce.Challenge }, Redirect), HttpStatusCode.BadRequest, "invalid_grant");

        // The failures did not burn the code: the right verifier still works.
        Assert.That((await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Redirect_uri_must_equal_the_one_used_at_authorize()
    {
        var client = await _flow.RegisterAsync(new { redirect_uris = new[] { "http://127.0.0.1:33418/" }, token_endpoint_auth_method = "none" });
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, "http://127.0.0.1:54321/");
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, pkce, "http://127.0.0.1:33418/"), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.That((await _flow.ExchangeCodeAsync(client, code, pkce, "http://127.0.0.1:54321/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Reused_code_is_invalid_grant_and_revokes_the_refresh_family()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var first = await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        var refresh = first.GetProperty("refresh_token").GetString()!;

        await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, pkce, Redirect), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(await _flow.RefreshAsync(client, refresh), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Test]
    public async Task Code_is_single_use_under_concurrent_exchanges()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _flow.ExchangeCodeAsync(client, code, pkce, Redirect)));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest), Is.EqualTo(5));

        // The losers saw a reuse: the winner's refresh token is revoked with its family.
        var refresh = (await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;
        await AssertErrorAsync(await _flow.RefreshAsync(client, refresh), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Test]
    public async Task Ten_concurrent_refreshes_with_one_token_all_get_the_same_successor_and_the_family_stays_usable()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var r1 = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;

        // Two windows of one MCP client sharing a refresh token, or a retry after a lost response.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _flow.RefreshAsync(client, r1)));
        var bodies = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync()));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", bodies.Select(b => b.ToString())));
        var successors = bodies.Select(b => b.GetProperty("refresh_token").GetString()).Distinct().ToList();
        Assert.That(successors, Has.Count.EqualTo(1), "every one got the same successor");
        Assert.That(bodies.Select(b => b.GetProperty("access_token").GetString()).Distinct().Count(), Is.EqualTo(10), "each got its own access token");
        foreach (var body in bodies)
        {
            await VerifyAsync(body.GetProperty("access_token").GetString()!);
        }

        await using (var db = _app.CreateDbContext())
        {
            var family = await db.OAuthRefreshTokens.Where(t => t.ClientId == db.OAuthClients.Single(c => c.ClientId == client.ClientId).Id).ToListAsync();
            Assert.That(family, Has.Count.EqualTo(2), "one rotation, one successor");
            Assert.That(family.All(t => t.RevokedAt is null), Is.True);
            var rotated = family.Single(t => t.RotatedAt is not null);
            Assert.That(rotated.ProtectedSuccessor, Is.Not.Null.And.Not.Contains(successors[0]!), "the successor is kept encrypted");
            Assert.That(rotated.ReuseGraceUntil - rotated.RotatedAt, Is.EqualTo(TimeSpan.FromSeconds(60)));
        }

        // The family carries on with the successor they all got.
        var r3 = await _flow.RefreshAsync(client, successors[0]!);
        Assert.That(r3.StatusCode, Is.EqualTo(HttpStatusCode.OK), (await r3.ReadJsonAsync()).ToString());
        var r4 = await _flow.RefreshAsync(client, (await r3.ReadJsonAsync()).GetProperty("refresh_token").GetString()!);
        Assert.That(r4.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Concurrent_refreshes_on_two_nodes_sharing_the_database_all_get_the_same_successor()
    {
        // Two servers on one database, as in production: the row lock and the shared Data Protection
        // key ring make the answer the same whichever node a request reaches.
        using var second = new PlatformApp(connectionString: _app.ConnectionString);
        var secondFlow = new OAuthFlow(second);
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var r1 = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? _flow : secondFlow).RefreshAsync(client, r1)));
        var bodies = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync()));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), string.Join("\n", bodies.Select(b => b.ToString())));
        var successors = bodies.Select(b => b.GetProperty("refresh_token").GetString()!).Distinct().ToList();
        Assert.That(successors, Has.Count.EqualTo(1));
        Assert.That((await secondFlow.RefreshAsync(client, successors[0])).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the family carries on");
    }

    [Test]
    public async Task A_refresh_repeated_within_the_grace_gets_the_same_successor_but_nothing_revoked_comes_back()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var r1 = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;

        var first = await (await _flow.RefreshAsync(client, r1)).ReadJsonAsync();
        var again = await _flow.RefreshAsync(client, r1);
        var againJson = await again.ReadJsonAsync();
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), againJson.ToString());
        Assert.That(againJson.GetProperty("refresh_token").GetString(), Is.EqualTo(first.GetProperty("refresh_token").GetString()));
        Assert.That(againJson.GetProperty("scope").GetString(), Is.EqualTo("tasks:read offline_access"));
        Assert.That(againJson.GetProperty("access_token").GetString(), Is.Not.EqualTo(first.GetProperty("access_token").GetString()));

        // The client revokes the grant (RFC 7009): inside the grace, r1 no longer brings anything back.
        Assert.That((await _flow.RevokeAsync(client, first.GetProperty("refresh_token").GetString()!)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(await _flow.RefreshAsync(client, r1), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(await _flow.RefreshAsync(client, first.GetProperty("refresh_token").GetString()!), HttpStatusCode.BadRequest, "invalid_grant");
        await using var db = _app.CreateDbContext();
        var family = await db.OAuthRefreshTokens.Where(t => t.ClientId == db.OAuthClients.Single(c => c.ClientId == client.ClientId).Id).ToListAsync();
        Assert.That(family.All(t => t.RevokedAt is not null && t.ProtectedSuccessor is null), Is.True, "revoked, and no successor is kept any more");
    }

    [Test]
    public async Task Expired_code_is_invalid_grant()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, userId) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect);
        await using (var db = _app.CreateDbContext())
        {
            var stored = await db.OAuthAuthorizationCodes.SingleAsync(c => c.UserId == userId);
            Assert.That(stored.ExpiresAt - stored.CreatedAt, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(stored.CodeHash, Is.Not.EqualTo(System.Text.Encoding.ASCII.GetBytes(code)), "codes are stored hashed");
            await db.OAuthAuthorizationCodes.Where(c => c.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        var json = await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, pkce, Redirect), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.That(json.GetProperty("error_description").GetString(), Does.Contain("expired"));
    }

    [Test]
    public async Task Code_of_another_client_is_invalid_grant()
    {
        var owner = await _flow.RegisterPublicAsync(Redirect);
        var thief = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, owner, pkce, Redirect);
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(thief, code, pkce, Redirect), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.That((await _flow.ExchangeCodeAsync(owner, code, pkce, Redirect)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Refresh_tokens_rotate_and_a_replayed_one_revokes_the_whole_family()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read tasks:write offline_access");
        var first = await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        var r1 = first.GetProperty("refresh_token").GetString()!;

        var second = await _flow.RefreshAsync(client, r1);
        var secondJson = await second.ReadJsonAsync();
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), secondJson.ToString());
        var r2 = secondJson.GetProperty("refresh_token").GetString()!;
        Assert.That(r2, Is.Not.EqualTo(r1));
        Assert.That(secondJson.GetProperty("scope").GetString(), Is.EqualTo("tasks:read tasks:write offline_access"));
        await VerifyAsync(secondJson.GetProperty("access_token").GetString()!);

        var third = await (await _flow.RefreshAsync(client, r2)).ReadJsonAsync();
        var r3 = third.GetProperty("refresh_token").GetString()!;

        // Replaying r1 (rotated, and its successor r2 rotated on: no grace applies) revokes the family: r3, the live one, stops working.
        await AssertErrorAsync(await _flow.RefreshAsync(client, r1), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(await _flow.RefreshAsync(client, r3), HttpStatusCode.BadRequest, "invalid_grant");

        await using var db = _app.CreateDbContext();
        var family = await db.OAuthRefreshTokens.Where(t => t.ClientId == db.OAuthClients.Single(c => c.ClientId == client.ClientId).Id).ToListAsync();
        Assert.That(family, Has.Count.EqualTo(3));
        Assert.That(family.Select(t => t.FamilyId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(family.All(t => t.RevokedAt is not null), Is.True);
        Assert.That(family.Count(t => t.ParentId is null), Is.EqualTo(1));
        Assert.That(family.Single(t => t.RotatedAt is null).ExpiresAt - family.Single(t => t.RotatedAt is null).CreatedAt, Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task Refresh_may_narrow_the_scope_but_never_widen_it()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read tasks:write offline_access");
        var refresh = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;

        await AssertErrorAsync(await _flow.RefreshAsync(client, refresh, ("scope", "tasks:read organizations:read")), HttpStatusCode.BadRequest, "invalid_scope");
        await AssertErrorAsync(await _flow.RefreshAsync(client, refresh, ("scope", "tasks:read bogus")), HttpStatusCode.BadRequest, "invalid_scope");

        var narrowed = await (await _flow.RefreshAsync(client, refresh, ("scope", "tasks:read"))).ReadJsonAsync();
        Assert.That(narrowed.GetProperty("scope").GetString(), Is.EqualTo("tasks:read"));
        var (_, claims) = await VerifyAsync(narrowed.GetProperty("access_token").GetString()!);
        Assert.That(claims.GetProperty("scope").GetString(), Is.EqualTo("tasks:read"));

        // The grant itself is unchanged: the next refresh without scope gets all of it back.
        var full = await (await _flow.RefreshAsync(client, narrowed.GetProperty("refresh_token").GetString()!)).ReadJsonAsync();
        Assert.That(full.GetProperty("scope").GetString(), Is.EqualTo("tasks:read tasks:write offline_access"));
    }

    [Test]
    public async Task Expired_refresh_token_is_invalid_grant()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, userId) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var refresh = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;
        await using (var db = _app.CreateDbContext())
        {
            await db.OAuthRefreshTokens.Where(t => t.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        await AssertErrorAsync(await _flow.RefreshAsync(client, refresh), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Test]
    public async Task Client_that_did_not_register_the_refresh_grant_gets_no_refresh_token()
    {
        var client = await _flow.RegisterAsync(new { redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "none" });
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var json = await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync();
        Assert.That(json.TryGetProperty("refresh_token", out _), Is.False);
        await AssertErrorAsync(await _flow.RefreshAsync(client, "anything"), HttpStatusCode.BadRequest, "unauthorized_client");
    }

    [Test]
    public async Task Client_secret_post_and_basic_authenticate_and_bad_secrets_get_401_invalid_client()
    {
        var post = await _flow.RegisterAsync(new { redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "client_secret_post" });
        var basic = await _flow.RegisterAsync(new { redirect_uris = new[] { Redirect } });
        var pkce = Pkce.New();

        var (postCode, _) = await _flow.CodeForNewUserAsync(_owner, post, pkce, Redirect);
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(post with { ClientSecret = "wrong" }, postCode, pkce, Redirect), HttpStatusCode.Unauthorized, "invalid_client");
        var viaBasic = await _flow.ExchangeCodeAsync(post with { AuthMethod = "client_secret_basic" }, postCode, pkce, Redirect);
        await AssertErrorAsync(viaBasic, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.That((await _flow.ExchangeCodeAsync(post, postCode, pkce, Redirect)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var (basicCode, _) = await _flow.CodeForNewUserAsync(_owner, basic, pkce, Redirect);
        var badBasic = await _flow.ExchangeCodeAsync(basic with { ClientSecret = "wrong" }, basicCode, pkce, Redirect);
        await AssertErrorAsync(badBasic, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.That(badBasic.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(basic with { AuthMethod = "none" }, basicCode, pkce, Redirect), HttpStatusCode.Unauthorized, "invalid_client");
        Assert.That((await _flow.ExchangeCodeAsync(basic, basicCode, pkce, Redirect)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_client_is_401_invalid_client()
    {
        var unknown = new RegisteredClient("not-registered", null, "none", default);
        await AssertErrorAsync(await _flow.ExchangeCodeAsync(unknown, "code", Pkce.New(), Redirect), HttpStatusCode.Unauthorized, "invalid_client");
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [new("grant_type", "authorization_code")]), HttpStatusCode.Unauthorized, "invalid_client");
        var malformed = await _flow.PostFormAsync("/auth/token", [new("grant_type", "authorization_code")], new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "%%%"));
        await AssertErrorAsync(malformed, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.That(malformed.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
    }

    [Test]
    public async Task Protocol_errors_follow_rfc_6749()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var id = new KeyValuePair<string, string>("client_id", client.ClientId);
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [id, new("grant_type", "password")]), HttpStatusCode.BadRequest, "unsupported_grant_type");
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [id]), HttpStatusCode.BadRequest, "invalid_request");
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [id, new("grant_type", "authorization_code")]), HttpStatusCode.BadRequest, "invalid_request");
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [id, new("grant_type", "authorization_code"), new("grant_type", "refresh_token")]), HttpStatusCode.BadRequest, "invalid_request");
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [id, new("grant_type", "authorization_code"), new("code", "nope")]), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(await _flow.PostFormAsync("/auth/token", [id, new("grant_type", "refresh_token"), new("refresh_token", "nope")]), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertErrorAsync(
            await _flow.PostFormAsync("/auth/token", [id, new("grant_type", "authorization_code"), new("code", "x"), new("resource", "https://other.example.com/mcp")]),
            HttpStatusCode.BadRequest, "invalid_target");

        using var http = _app.NewClient();
        var json = await http.SendRawAsync(HttpMethod.Post, "/auth/token", "{\"grant_type\":\"authorization_code\"}", csrf: false);
        await AssertErrorAsync(json, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Test]
    public async Task Disabled_users_cannot_get_tokens()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, userId) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var refresh = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;
        await using (var db = _app.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        }

        await AssertErrorAsync(await _flow.RefreshAsync(client, refresh), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Test]
    public async Task Disabled_user_cannot_redeem_a_code_issued_before()
    {
        var client = await _flow.RegisterPublicAsync(Redirect);
        var pkce = Pkce.New();
        var (code, userId) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect);
        await using (var db = _app.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        }

        await AssertErrorAsync(await _flow.ExchangeCodeAsync(client, code, pkce, Redirect), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Test]
    public async Task Revoking_a_refresh_token_revokes_its_family_and_unknown_tokens_are_fine()
    {
        var client = await _flow.RegisterAsync(new { redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "client_secret_post", grant_types = new[] { "authorization_code", "refresh_token" } });
        var pkce = Pkce.New();
        var (code, _) = await _flow.CodeForNewUserAsync(_owner, client, pkce, Redirect, "tasks:read offline_access");
        var r1 = (await (await _flow.ExchangeCodeAsync(client, code, pkce, Redirect)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;
        var r2 = (await (await _flow.RefreshAsync(client, r1)).ReadJsonAsync()).GetProperty("refresh_token").GetString()!;

        await AssertErrorAsync(await _flow.RevokeAsync(client with { ClientSecret = "wrong" }, r2), HttpStatusCode.Unauthorized, "invalid_client");
        Assert.That((await _flow.RevokeAsync(client, "unknown-token")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Another client cannot revoke it (and learns nothing).
        var other = await _flow.RegisterPublicAsync(Redirect);
        Assert.That((await _flow.RevokeAsync(other, r2)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stillAlive = await _flow.RefreshAsync(client, r2);
        Assert.That(stillAlive.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var r3 = (await stillAlive.ReadJsonAsync()).GetProperty("refresh_token").GetString()!;

        var revoked = await _flow.RevokeAsync(client, r1);
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(await _flow.RefreshAsync(client, r3), HttpStatusCode.BadRequest, "invalid_grant");
    }

    /// <summary>Verifies the signature with the key the JWKS publishes for the token's kid; returns header and claims.</summary>
    private async Task<(JsonElement Header, JsonElement Claims)> VerifyAsync(string token)
    {
        using var http = _app.NewClient();
        var jwks = JsonSerializer.Deserialize<JsonWebKeySet>(await (await http.GetAsync("/auth/jwks")).Content.ReadAsStringAsync())!;
        var jwk = jwks.Keys.SingleOrDefault(k => k.Kid == Jwt.KeyId(token));
        Assert.That(jwk, Is.Not.Null, "the token's kid is published");
        var key = SigningKey.FromPublicJwk(jwk!)!; // not disposed: IdentityModel caches signature providers by key thumbprint
        Assert.That(await Jwt.VerifiesWithAsync(token, key), Is.True, "signature verifies with the published key");
        return (Jwt.Header(token), Jwt.Claims(token));
    }

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var json = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), json.ToString());
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo(error), json.ToString());
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        return json;
    }
}
