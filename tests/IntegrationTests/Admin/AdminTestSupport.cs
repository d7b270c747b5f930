using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// One server for the admin API tests that do not need an empty database: a bootstrap owner, an
/// admin and a plain user, all signed in. Each test creates its own target users (unique e-mails).
/// </summary>
[SetUpFixture]
public sealed class AdminServer
{
    private static AdminServer? _current;

    public static AdminServer Current => _current ?? throw new InvalidOperationException("The admin test server is not running.");

    public PlatformApp App { get; private set; } = null!;

    public TestClient Owner { get; private set; } = null!;

    public TestClient Admin { get; private set; } = null!;

    public int AdminId { get; private set; }

    public string AdminEmail { get; } = AdminTest.UniqueEmail("admin");

    public TestClient User { get; private set; } = null!;

    public int UserId { get; private set; }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        App = new PlatformApp();
        Owner = await App.BootstrapAsync();
        (Admin, AdminId) = await App.CreateUserAsync(Owner, AdminEmail, "Fixture Admin", "admin");
        (User, UserId) = await App.CreateUserAsync(Owner, AdminTest.UniqueEmail("user"), "Fixture User");
        _current = this;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        Owner.Dispose();
        Admin.Dispose();
        User.Dispose();
        App.Dispose();
        _current = null;
    }

    /// <summary>The shared signed-in client of a system role.</summary>
    public TestClient ClientFor(string role) => role switch
    {
        "owner" => Owner,
        "admin" => Admin,
        "user" => User,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}

public static class AdminTest
{
    public const string Password = "password123";

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Creates a user through the admin API as <paramref name="caller"/> and returns their id.</summary>
    public static async Task<int> CreateUserAsync(TestClient caller, string email, string role = "user", string name = "Target User")
    {
        var response = await caller.PostJsonAsync("/api/admin/users", new { email, password = Password, name, systemRole = role });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt32();
    }

    /// <summary>
    /// Signs <paramref name="email"/> in on a new client, from a client IP of its own (X-Forwarded-For
    /// from loopback is trusted) so that many sign-ins stay under the per-IP login rate limit.
    /// </summary>
    public static async Task<TestClient> SignInAsync(PlatformApp app, string email, string password = Password)
    {
        var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email, password }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Scrumboy", "1");
        request.Headers.Add("X-Forwarded-For", UniqueClientIp());
        var login = await client.Http.SendAsync(request);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>An address of the benchmarking range 198.18.0.0/15 (RFC 2544) that no other test client uses.</summary>
    public static string UniqueClientIp()
    {
        var n = Interlocked.Increment(ref _clientIps);
        return $"198.{18 + ((n >> 16) & 1)}.{(n >> 8) & 0xFF}.{n & 0xFF}";
    }

    private static int _clientIps;

    public static Task<HttpResponseMessage> PatchJsonAsync(this TestClient client, string path, object body) =>
        client.SendRawAsync(HttpMethod.Patch, path, JsonSerializer.Serialize(body));

    public static Task<HttpResponseMessage> PostAsync(this TestClient client, string path) =>
        client.SendRawAsync(HttpMethod.Post, path, null);

    public static Task<HttpResponseMessage> DeleteAsync(this TestClient client, string path) =>
        client.SendRawAsync(HttpMethod.Delete, path, null);

    /// <summary>
    /// Asserts the admin API's error: RFC 9457 ProblemDetails (<c>application/problem+json</c>) with
    /// the status, the stable code (top level and in the error object) and a trace id.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? message = null)
    {
        var json = await response.ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), json.ToString());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(json.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            Assert.That(json.GetProperty("code").GetString(), Is.EqualTo(code), json.ToString());
            Assert.That(json.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo(code));
            Assert.That(json.GetProperty("traceId").GetString(), Is.Not.Empty);
            if (message is not null)
            {
                Assert.That(json.GetProperty("detail").GetString(), Is.EqualTo(message), json.ToString());
            }
        });
        return json;
    }
}
