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
    public async Task Ten_failures_from_one_address_refuse_it_even_with_the_right_password()
    {
        using var app = new PlatformApp();
        using (await app.BootstrapAsync())
        {
        }

        using var client = app.NewClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.That(await LoginAsync(client, $"nobody{i}@example.com", "wrong", "10.0.0.9"), Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var limited = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", "{\"email\":\"owner@example.com\",\"password\":\"password123\"}");
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.OK), "this request came from another address (loopback)");
        Assert.That(await LoginAsync(client, "owner@example.com", "password123", "10.0.0.9"), Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await LoginAsync(client, "other@example.com", "x", "10.0.1.1"), Is.EqualTo(HttpStatusCode.Unauthorized), "other addresses are unaffected");
    }

    [Test]
    public async Task Failures_for_one_email_from_many_addresses_slow_it_down_but_never_lock_its_owner_out()
    {
        // Security review finding 8: before, ten wrong passwords a minute from anywhere locked the user out (429).
        using var app = new PlatformApp();
        using (await app.BootstrapAsync())
        {
        }

        using var client = app.NewClient();
        for (var i = 0; i < 12; i++)
        {
            Assert.That(await LoginAsync(client, "owner@example.com", "wrong", $"10.0.2.{i}"), Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await LoginAsync(client, "owner@example.com", "password123", "10.0.3.1"), Is.EqualTo(HttpStatusCode.OK), "the owner still signs in");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "slowed by about a second");
    }

    [Test]
    public async Task Successful_sign_ins_do_not_count_and_the_counts_are_shared_by_every_node()
    {
        using var first = new PlatformApp();
        using (await first.BootstrapAsync())
        {
        }

        using var second = new PlatformApp(connectionString: first.ConnectionString);
        using var a = first.NewClient();
        using var b = second.NewClient();
        for (var i = 0; i < 15; i++)
        {
            Assert.That(await LoginAsync(i % 2 == 0 ? a : b, "owner@example.com", "password123", "10.0.4.1"), Is.EqualTo(HttpStatusCode.OK));
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.That(await LoginAsync(i % 2 == 0 ? a : b, $"x{i}@example.com", "wrong", "10.0.4.2"), Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That(await LoginAsync(a, "owner@example.com", "password123", "10.0.4.2"), Is.EqualTo(HttpStatusCode.TooManyRequests), "node one sees node two's failures");
        Assert.That(await LoginAsync(b, "owner@example.com", "password123", "10.0.4.2"), Is.EqualTo(HttpStatusCode.TooManyRequests));
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
