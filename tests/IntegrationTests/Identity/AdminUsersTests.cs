using System.Net;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Identity;

public sealed class AdminUsersTests
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

    [Test]
    public async Task Owner_and_admin_create_users_plain_users_and_strangers_cannot()
    {
        var (admin, _) = await _app.CreateUserAsync(_owner, "admin1@example.com", "Admin", "admin");
        var created = await admin.PostJsonAsync("/api/admin/users", new { email = "made-by-admin@example.com", password = "password123", name = "Made" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var json = await created.ReadJsonAsync();
        Assert.That(json.GetProperty("systemRole").GetString(), Is.EqualTo("user"));
        Assert.That(json.GetProperty("isBootstrap").GetBoolean(), Is.False);

        var (plain, _) = await _app.CreateUserAsync(_owner, "plain1@example.com");
        await (await plain.PostJsonAsync("/api/admin/users", new { email = "x1@example.com", password = "password123", name = "X" }))
            .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var stranger = _app.NewClient();
        await (await stranger.PostJsonAsync("/api/admin/users", new { email = "x2@example.com", password = "password123", name = "X" }))
            .AssertApiErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await admin.PostJsonAsync("/api/admin/users", new { email = "boss@example.com", password = "password123", name = "Boss", systemRole = "owner" }))
            .AssertApiErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Test]
    public async Task Duplicate_email_is_a_conflict_and_bad_input_a_400()
    {
        Assert.That((await _owner.PostJsonAsync("/api/admin/users", new { email = "dup@example.com", password = "password123", name = "Dup" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var conflict = await _owner.PostJsonAsync("/api/admin/users", new { email = " DUP@example.com", password = "password123", name = "Dup" });
        Assert.That(conflict.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await conflict.ReadJsonAsync();
        Assert.That(conflict.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("CONFLICT"));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(409));
        Assert.That(problem.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("CONFLICT"));

        await (await _owner.PostJsonAsync("/api/admin/users", new { email = "r@example.com", password = "password123", name = "R", systemRole = "superuser" }))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: invalid systemRole");
        await (await _owner.PostJsonAsync("/api/admin/users", new { email = "r@example.com", password = "short", name = "R" }))
            .AssertApiErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "validation: password too short");
    }
}
