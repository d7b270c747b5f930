using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

public sealed class RateLimitAndModeTests
{
    private static async Task<HttpStatusCode> LoginAsync(TestClient client, string email, string password, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email, password }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Scrumboy", "1");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return (await client.Http.SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task Eleventh_login_for_one_email_is_rate_limited_even_with_the_right_password()
    {
        using var app = new PlatformApp();
        using (await app.BootstrapAsync())
        {
        }

        using var client = app.NewClient();
        for (var i = 0; i < 9; i++)
        {
            Assert.That(await LoginAsync(client, "owner@example.com", "wrong", $"10.0.0.{i}"), Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That(await LoginAsync(client, "owner@example.com", "password123", "10.0.0.50"), Is.EqualTo(HttpStatusCode.OK), "successful logins count too");
        var limited = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", "{\"email\":\"owner@example.com\",\"password\":\"password123\"}");
        await limited.AssertApiErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "too many attempts; try again later");
        Assert.That(await LoginAsync(client, "other@example.com", "x", "10.0.1.1"), Is.EqualTo(HttpStatusCode.Unauthorized), "other e-mails from other addresses are unaffected");
    }

    [Test]
    public async Task Client_ip_key_uses_x_forwarded_for_only_from_a_trusted_proxy()
    {
        // Loopback is trusted by default: each forwarded address is its own key.
        using (var app = new PlatformApp())
        {
            using var client = app.NewClient();
            for (var i = 0; i < 10; i++)
            {
                Assert.That(await LoginAsync(client, $"u{i}@example.com", "x", "203.0.113.7"), Is.EqualTo(HttpStatusCode.Unauthorized));
            }

            Assert.That(await LoginAsync(client, "fresh@example.com", "x", "203.0.113.7"), Is.EqualTo(HttpStatusCode.TooManyRequests), "same forwarded client");
            Assert.That(await LoginAsync(client, "fresh@example.com", "x", "203.0.113.8"), Is.EqualTo(HttpStatusCode.Unauthorized), "another forwarded client");
        }

        // With another proxy configured, loopback is not trusted: X-Forwarded-For is ignored.
        using (var app = new PlatformApp(settings: new Dictionary<string, string?> { ["TRUSTED_PROXIES"] = "10.9.9.9" }))
        {
            using var client = app.NewClient();
            for (var i = 0; i < 10; i++)
            {
                Assert.That(await LoginAsync(client, $"u{i}@example.com", "x", $"198.51.100.{i}"), Is.EqualTo(HttpStatusCode.Unauthorized));
            }

            Assert.That(await LoginAsync(client, "fresh@example.com", "x", "198.51.100.200"), Is.EqualTo(HttpStatusCode.TooManyRequests), "spoofed header changes nothing");
        }
    }

    [Test]
    public async Task Anonymous_mode_hides_sign_in_and_ignores_cookies()
    {
        using var app = new PlatformApp(mode: "anonymous");
        using var client = app.NewClient();
        var status = await (await client.GetAsync("/api/auth/status")).ReadJsonAsync();
        Assert.That(status.GetProperty("mode").GetString(), Is.EqualTo("anonymous"));
        Assert.That(status.GetProperty("bootstrapAvailable").GetBoolean(), Is.False);
        Assert.That(status.GetProperty("user").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(status.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "user", "bootstrapAvailable", "mode" }));

        await (await client.PostJsonAsync("/api/auth/login", new { email = "a@example.com", password = "password123" })).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PostJsonAsync("/api/auth/bootstrap", new { email = "a@example.com", password = "password123", name = "A" })).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PostJsonAsync("/api/auth/logout", new { })).AssertApiErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/me")).AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized");
    }

    [Test]
    public async Task Secure_cookie_is_set_when_a_trusted_proxy_says_https()
    {
        using var app = new PlatformApp();
        using var client = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/bootstrap")
        {
            Content = new StringContent("{\"email\":\"a@example.com\",\"password\":\"password123\",\"name\":\"A\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Scrumboy", "1");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant(), Does.Contain("secure"));
    }
}
