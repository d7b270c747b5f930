using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>Generated malformed bodies against the cookie auth API and the admin API.</summary>
public sealed class ApiFuzzTests
{
    private PlatformApp _app = null!;
    private TestClient _owner = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new PlatformApp();
        _owner = await _app.BootstrapAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    /// <summary>The /api error object: {"error":{"code","message","details"}} with a known code.</summary>
    internal static string? ApiErrorShape(HttpStatusCode status, JsonElement? json, string text)
    {
        if ((int)status < 400)
        {
            return null;
        }

        if (json is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("error", out var error)
            || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String
            || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
            || !error.TryGetProperty("details", out _))
        {
            return "not the /api error shape";
        }

        return code.GetString() is "VALIDATION_ERROR" or "UNAUTHORIZED" or "FORBIDDEN" or "NOT_FOUND" or "CONFLICT" or "RATE_LIMITED"
            ? null
            : $"unexpected code {code.GetString()}";
    }

    [Test]
    public async Task Login_survives_malformed_bodies()
    {
        var sent = await FuzzRunner.RunAsync(
            _owner.Http,
            body => FuzzRunner.JsonPost("/api/auth/login", body, h => { h.Add("X-Scrumboy", "1"); h.Add("X-Forwarded-For", $"198.18.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}"); }),
            MalformedInputs.Generate("{\"email\":\"fuzz@example.com\",\"password\":\"password123\"}", 1200, seed: 1),
            ApiErrorShape,
            parallelism: 1);
        Assert.That(sent, Is.EqualTo(1200));
    }

    [Test]
    public async Task Bootstrap_survives_malformed_bodies_and_creates_nothing()
    {
        await FuzzRunner.RunAsync(
            _owner.Http,
            body => FuzzRunner.JsonPost("/api/auth/bootstrap", body, h => h.Add("X-Scrumboy", "1")),
            MalformedInputs.Generate("{\"email\":\"boot@example.com\",\"password\":\"password123\",\"name\":\"B\"}", 800, seed: 2),
            ApiErrorShape);
        Assert.That((await (await _owner.GetAsync("/api/me")).ReadJsonAsync()).GetProperty("email").GetString(), Is.EqualTo("owner@example.com"));
    }

    [Test]
    public async Task Admin_user_creation_survives_malformed_bodies()
    {
        await FuzzRunner.RunAsync(
            _owner.Http,
            body => FuzzRunner.JsonPost("/api/admin/users", body, h => h.Add("X-Scrumboy", "1")),
            MalformedInputs.Generate("{\"email\":\"made@example.com\",\"password\":\"password123\",\"name\":\"M\",\"systemRole\":\"user\"}", 800, seed: 3),
            ApiErrorShape);
    }
}
