using System.Net;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// The last active owner keeps the role, on a server of its own (the number of owners matters).
/// Tests run in order on purpose: they change who the owners are.
/// </summary>
public sealed class LastOwnerTests
{
    private PlatformApp _app = null!;
    private TestClient _owner = null!;
    private int _ownerId;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new PlatformApp();
        _owner = await _app.BootstrapAsync();
        _ownerId = (await (await _owner.GetAsync("/api/me")).ReadJsonAsync()).GetProperty("id").GetInt32();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _owner.Dispose();
        _app.Dispose();
    }

    [Test]
    [Order(1)]
    public async Task The_only_owner_cannot_demote_themselves()
    {
        var problem = await (await _owner.PatchJsonAsync($"/api/admin/users/{_ownerId}", new { systemRole = "admin" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "conflict: the last active owner cannot be demoted or disabled");
        Assert.That(problem.GetProperty("error").GetProperty("details").GetProperty("reason").GetString(), Is.EqualTo("last_owner"));
        var me = await (await _owner.GetAsync("/api/me")).ReadJsonAsync();
        Assert.That(me.GetProperty("systemRole").GetString(), Is.EqualTo("owner"));
    }

    [Test]
    [Order(2)]
    public async Task A_disabled_owner_does_not_count_as_the_other_active_owner()
    {
        var second = await AdminTest.CreateUserAsync(_owner, AdminTest.UniqueEmail("owner"), "owner");
        Assert.That((await _owner.PostAsync($"/api/admin/users/{second}/disable")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await (await _owner.PatchJsonAsync($"/api/admin/users/{_ownerId}", new { systemRole = "user" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");

        Assert.That((await _owner.PostAsync($"/api/admin/users/{second}/enable")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _owner.PatchJsonAsync($"/api/admin/users/{second}", new { systemRole = "admin" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    [Order(3)]
    public async Task Once_one_of_two_owners_is_demoted_the_other_is_the_last_owner()
    {
        // With two active owners either may demote the other; the remaining one is then the last.
        var email = AdminTest.UniqueEmail("owner");
        var second = await AdminTest.CreateUserAsync(_owner, email, "owner");
        using var secondClient = await AdminTest.SignInAsync(_app, email);

        Assert.That((await secondClient.PatchJsonAsync($"/api/admin/users/{_ownerId}", new { systemRole = "admin" })).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "with two active owners one may demote the other");
        await (await secondClient.PatchJsonAsync($"/api/admin/users/{second}", new { systemRole = "user" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");

        // The demoted first owner is an admin now: it may not touch the remaining owner at all.
        await (await _owner.PostAsync($"/api/admin/users/{second}/disable")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // Restore: the remaining owner promotes the first one back.
        Assert.That((await secondClient.PatchJsonAsync($"/api/admin/users/{_ownerId}", new { systemRole = "owner" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _owner.PatchJsonAsync($"/api/admin/users/{second}", new { systemRole = "user" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    [Order(4)]
    public async Task Two_owners_demoting_each_other_at_once_leave_one_owner()
    {
        var email = AdminTest.UniqueEmail("owner");
        var second = await AdminTest.CreateUserAsync(_owner, email, "owner");
        using var secondClient = await AdminTest.SignInAsync(_app, email);

        var results = await Task.WhenAll(
            _owner.PatchJsonAsync($"/api/admin/users/{second}", new { systemRole = "user" }),
            secondClient.PatchJsonAsync($"/api/admin/users/{_ownerId}", new { systemRole = "user" }));

        // The loser is refused either as the last owner (409: both ran at once, or the winner's
        // demotion of the loser committed mid-request) or as a plain user (403: it committed first).
        var statuses = results.Select(r => r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1), "exactly one demotion wins");
        Assert.That(statuses.Single(s => s != HttpStatusCode.OK), Is.AnyOf(HttpStatusCode.Conflict, HttpStatusCode.Forbidden));
        await using var db = _app.CreateDbContext();
        var owners = db.Users.Count(u => u.SystemRole == Platform.Domain.Identity.SystemRole.Owner && u.DisabledAt == null);
        Assert.That(owners, Is.EqualTo(1));
    }
}
