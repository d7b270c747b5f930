using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

/// <summary>The auth API of envelope-dialect.md §11 on a fresh database per test (bootstrap state matters).</summary>
public sealed class AuthApiTests
{
    [Test]
    public async Task Bootstrap_login_me_logout_round_trip()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();

        var status = await client.GetAsync("/api/auth/status");
        Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status.Headers.CacheControl?.NoStore, Is.True);
        var statusJson = await status.ReadJsonAsync();
        Assert.That(statusJson.GetProperty("bootstrapAvailable").GetBoolean(), Is.True);
        Assert.That(statusJson.GetProperty("user").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(statusJson.GetProperty("mode").GetString(), Is.EqualTo("full"));

        await (await client.GetAsync("/api/me")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");

        var bootstrap = await client.PostJsonAsync("/api/auth/bootstrap", new { name = "Alice", email = " Admin@Example.com ", password = "password123" });
        Assert.That(bootstrap.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var user = await bootstrap.ReadJsonAsync();
        Assert.That(user.GetProperty("email").GetString(), Is.EqualTo("admin@example.com"));
        Assert.That(user.GetProperty("name").GetString(), Is.EqualTo("Alice"));
        Assert.That(user.GetProperty("systemRole").GetString(), Is.EqualTo("owner"));
        Assert.That(user.GetProperty("isBootstrap").GetBoolean(), Is.True);
        Assert.That(user.GetProperty("twoFactorEnabled").GetBoolean(), Is.False);
        Assert.That(user.GetProperty("createdAt").GetString(), Does.EndWith("Z"));
        var setCookie = bootstrap.Headers.GetValues("Set-Cookie").Single();
        Assert.That(setCookie, Does.StartWith("scrumboy_session="));
        Assert.That(setCookie.ToLowerInvariant(), Does.Contain("httponly").And.Contain("samesite=lax").And.Contain("path=/").And.Contain("expires=").And.Not.Contain("secure"));
        Assert.That(client.SessionCookie, Has.Length.EqualTo(43));

        statusJson = await (await client.GetAsync("/api/auth/status")).ReadJsonAsync();
        Assert.That(statusJson.GetProperty("bootstrapAvailable").GetBoolean(), Is.False);
        Assert.That(statusJson.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo("admin@example.com"));
        Assert.That(statusJson.GetProperty("user").TryGetProperty("createdAt", out _), Is.False, "status.user has no createdAt");

        var me = await client.GetAsync("/api/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await me.ReadJsonAsync()).GetProperty("email").GetString(), Is.EqualTo("admin@example.com"));

        var logout = await client.SendRawAsync(HttpMethod.Post, "/api/auth/logout", "", csrf: false, contentType: "application/x-www-form-urlencoded");
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(logout.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(logout.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(await logout.Content.ReadAsStringAsync(), Does.Contain("Logging out..."));
        Assert.That(logout.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant(), Does.Contain("max-age=0"));

        statusJson = await (await client.GetAsync("/api/auth/status")).ReadJsonAsync();
        Assert.That(statusJson.GetProperty("user").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(statusJson.GetProperty("bootstrapAvailable").GetBoolean(), Is.False);
        await (await client.GetAsync("/api/me")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        var login = await client.PostJsonAsync("/api/auth/login", new { email = "ADMIN@example.com", password = "password123" });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await login.ReadJsonAsync()).GetProperty("image").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Logout_deletes_only_that_session_and_a_stolen_old_cookie_stops_working()
    {
        using var app = new PlatformApp();
        using var first = await app.BootstrapAsync();
        using var second = app.NewClient();
        Assert.That((await second.PostJsonAsync("/api/auth/login", new { email = "owner@example.com", password = "password123" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var oldCookie = first.SessionCookie!;

        Assert.That((await first.PostJsonAsync("/api/auth/logout", new { })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await second.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "other sessions survive");

        using var replay = app.NewClient();
        replay.Cookies.Add(app.BaseAddress, new Cookie("scrumboy_session", oldCookie));
        Assert.That((await replay.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Sessions_are_stored_hashed_and_expire_after_thirty_days()
    {
        using var app = new PlatformApp();
        using var client = await app.BootstrapAsync();
        var token = client.SessionCookie!;
        await using (var db = app.CreateDbContext())
        {
            var session = await db.Sessions.SingleAsync();
            Assert.That(session.TokenHash, Has.Length.EqualTo(32));
            Assert.That(Convert.ToBase64String(session.TokenHash), Is.Not.EqualTo(token));
            Assert.That(session.ExpiresAt - session.CreatedAt, Is.EqualTo(TimeSpan.FromDays(30)));
            await db.Database.ExecuteSqlRawAsync("UPDATE identity.sessions SET expires_at = now() - interval '1 second'");
        }

        await (await client.GetAsync("/api/me")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
    }

    [Test]
    public async Task Bootstrap_twice_is_a_conflict_and_concurrent_bootstraps_make_one_owner()
    {
        using var app = new PlatformApp();
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            using var c = app.NewClient();
            var r = await c.PostJsonAsync("/api/auth/bootstrap", new { email = $"u{i}@example.com", password = "password123", name = $"U{i}" });
            return r.StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(5));

        using var late = app.NewClient();
        await (await late.PostJsonAsync("/api/auth/bootstrap", new { email = "late@example.com", password = "password123", name = "Late" }))
            .AssertApiErrorAsync(HttpStatusCode.Conflict, "CONFLICT", "already bootstrapped");
        await using var db = app.CreateDbContext();
        Assert.That(await db.Users.CountAsync(), Is.EqualTo(1));
    }

    [TestCase("{\"email\":\"no-at-sign\",\"password\":\"password123\",\"name\":\"A\"}", "validation: invalid email")]
    [TestCase("{\"email\":\"a@example.com\",\"password\":\"   \",\"name\":\"A\"}", "validation: password required")]
    [TestCase("{\"email\":\"a@example.com\",\"password\":\"short\",\"name\":\"A\"}", "validation: password too short")]
    [TestCase("{\"email\":\"a@example.com\",\"password\":\"password123\",\"name\":\"  \"}", "validation: invalid name")]
    [TestCase("{\"email\":\"a@example.com\",\"password\":\"password123\"}", "validation: invalid name")]
    [TestCase("{\"email\":\"a@example.com\",\"password\":\"password123\",\"name\":\"A\",\"admin\":true}", "invalid json")]
    [TestCase("{\"email\":42,\"password\":\"password123\",\"name\":\"A\"}", "invalid json")]
    [TestCase("{\"email\":\"a@example.com\"", "invalid json")]
    [TestCase("", "invalid json")]
    [TestCase("[]", "invalid json")]
    [TestCase("{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"password123\",\"name\":\"A\"}", "invalid json")]
    [TestCase("{\"email\":\"a@example.com\",\"password\":\"password123\",\"name\":\"A\"} {}", "invalid json")]
    public async Task Bootstrap_rejects_bad_input_with_400(string body, string message)
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        var error = await (await client.SendRawAsync(HttpMethod.Post, "/api/auth/bootstrap", body))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
        if (message == "invalid json")
        {
            Assert.That(error.GetProperty("details").GetProperty("detail").GetString(), Is.Not.Empty.And.Not.Contain("Platform."), "no type names leak");
        }
        else
        {
            Assert.That(error.GetProperty("details").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }

        Assert.That((await (await client.GetAsync("/api/auth/status")).ReadJsonAsync()).GetProperty("bootstrapAvailable").GetBoolean(), Is.True, "nothing was created");
    }

    [Test]
    public async Task Oversize_bodies_are_refused_with_413_and_no_500()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        var huge = "{\"email\":\"" + new string('a', 1024 * 1024 + 10) + "\",\"password\":\"x\"}";
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", huge);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        await response.AssertApiErrorAsync(HttpStatusCode.RequestEntityTooLarge, "VALIDATION_ERROR", "request body too large");
    }

    [Test]
    public async Task Deeply_nested_and_hostile_json_is_a_400_not_a_500()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        var deep = new string('[', 5000) + new string(']', 5000);
        await (await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", deep)).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
        await (await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", "{\"email\":\"\\ud800\",\"password\":\"\\u0000\"}"))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", "{\"email\":1e999999,\"password\":\"x\"}"))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
    }

    [Test]
    public async Task Csrf_header_is_required_on_api_writes_even_for_unknown_paths()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/auth/login"), (HttpMethod.Post, "/api/auth/bootstrap"), (HttpMethod.Patch, "/api/me"), (HttpMethod.Delete, "/api/nothing/here"), (HttpMethod.Post, "/api/auth/logout") })
        {
            await (await client.SendRawAsync(method, path, "{}", csrf: false)).AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
        }

        var wrongValue = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = new StringContent("{}") };
        wrongValue.Headers.Add("X-Scrumboy", "true");
        await (await client.Http.SendAsync(wrongValue)).AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");

        Assert.That((await client.GetAsync("/api/auth/status")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "GET never needs it");
        var multipart = await client.SendRawAsync(HttpMethod.Post, "/api/auth/logout", "", csrf: false, contentType: "multipart/form-data; boundary=x");
        Assert.That(multipart.StatusCode, Is.EqualTo(HttpStatusCode.OK), "form logout is exempt");
    }

    [Test]
    public async Task Unknown_api_paths_and_wrong_methods_use_the_error_envelope()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        await (await client.GetAsync("/api/does-not-exist")).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND", "not found");
        var put = await client.SendRawAsync(HttpMethod.Put, "/api/auth/status", "{}");
        await put.AssertApiErrorAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED", "method not allowed");
        await (await client.SendRawAsync(HttpMethod.Post, "/api/auth/status", "{}")).AssertApiErrorAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        await (await client.SendRawAsync(HttpMethod.Post, "/api/auth/status", "{}", csrf: false)).AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "missing X-Scrumboy header");
    }

    [Test]
    public async Task Bad_credentials_are_401_unauthorized_without_telling_which_part_was_wrong()
    {
        using var app = new PlatformApp();
        using (await app.BootstrapAsync())
        {
        }

        using var client = app.NewClient();
        await (await client.PostJsonAsync("/api/auth/login", new { email = "owner@example.com", password = "wrong-password" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
        await (await client.PostJsonAsync("/api/auth/login", new { email = "nobody@example.com", password = "password123" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
        await (await client.PostJsonAsync("/api/auth/login", new { email = "", password = "" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
        await (await client.PostJsonAsync("/api/auth/login", new { email = "owner@example.com", password = "password123", totp = "1" })).AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "invalid json");
        Assert.That(client.SessionCookie, Is.Null);
    }

    [Test]
    public async Task Disabled_users_cannot_sign_in_and_lose_their_sessions()
    {
        using var app = new PlatformApp();
        using var owner = await app.BootstrapAsync();
        var (user, userId) = await app.CreateUserAsync(owner, "worker@example.com");
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE identity.users SET disabled_at = now() WHERE id = {userId}");
        }

        await (await user.GetAsync("/api/me")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var again = app.NewClient();
        await (await again.PostJsonAsync("/api/auth/login", new { email = "worker@example.com", password = "password123" })).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
    }
}
