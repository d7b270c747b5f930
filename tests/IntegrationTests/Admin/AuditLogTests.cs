using System.Net;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Admin;

/// <summary>Every successful admin write leaves one audit entry; failed ones and reads leave none.</summary>
public sealed class AuditLogTests
{
    private static AdminServer Server => AdminServer.Current;

    private static async Task<List<JsonElement>> EntriesForUserAsync(int userId)
    {
        var page = await (await Server.Owner.GetAsync($"/api/admin/audit-log?targetType=user&targetId={userId}&pageSize=200")).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Test]
    public async Task Each_admin_write_is_recorded_with_actor_action_target_and_summary()
    {
        var email = AdminTest.UniqueEmail("audited");
        var id = await AdminTest.CreateUserAsync(Server.Admin, email);
        using var target = await AdminTest.SignInAsync(Server.App, email);
        await Server.Admin.PatchJsonAsync($"/api/admin/users/{id}", new { name = "Audited", systemRole = "admin" });
        await Server.Admin.PostAsync($"/api/admin/users/{id}/disable");
        await Server.Admin.PostAsync($"/api/admin/users/{id}/enable");
        await Server.Admin.PostJsonAsync($"/api/admin/users/{id}/password", new { password = "super secret value" });
        await Server.Admin.DeleteAsync($"/api/admin/users/{id}/sessions");

        var entries = await EntriesForUserAsync(id);
        Assert.That(entries.Select(e => e.GetProperty("action").GetString()), Is.EqualTo(new[]
        {
            "user.revoke_sessions", "user.reset_password", "user.enable", "user.disable", "user.update", "user.create",
        }), "newest first");
        Assert.Multiple(() =>
        {
            foreach (var entry in entries)
            {
                Assert.That(entry.GetProperty("actorUserId").GetInt32(), Is.EqualTo(Server.AdminId));
                Assert.That(entry.GetProperty("actorName").GetString(), Is.EqualTo("Fixture Admin"));
                Assert.That(entry.GetProperty("targetId").GetString(), Is.EqualTo(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(entry.GetProperty("occurredAt").GetString(), Does.EndWith("Z"));
            }

            var create = entries[^1].GetProperty("summary");
            Assert.That(create.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(create.GetProperty("systemRole").GetString(), Is.EqualTo("user"));
            var update = entries[^2].GetProperty("summary");
            Assert.That(update.GetProperty("name").GetString(), Is.EqualTo("Audited"));
            Assert.That(update.GetProperty("systemRole").GetString(), Is.EqualTo("admin"));
            Assert.That(entries[^3].GetProperty("summary").GetProperty("sessionsEnded").GetInt32(), Is.EqualTo(1), "disable ended the target's session");
        });
    }

    [Test]
    public async Task Audit_entries_never_hold_passwords()
    {
        var email = AdminTest.UniqueEmail("secret");
        const string initial = "initial-password-4711";
        const string reset = "reset-password-0815";
        var response = await Server.Owner.PostJsonAsync("/api/admin/users", new { email, password = initial, name = "Secret" });
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt32();
        await Server.Owner.PostJsonAsync($"/api/admin/users/{id}/password", new { password = reset });

        await using var db = Server.App.CreateDbContext();
        var summaries = db.AdminAuditLog.Where(e => e.TargetId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(e => e.Summary).ToList();
        Assert.That(summaries, Has.Count.EqualTo(2));
        Assert.That(string.Join("\n", summaries), Does.Not.Contain(initial).And.Not.Contain(reset).And.Not.Contain("password\""));
    }

    [Test]
    public async Task Rejected_writes_and_reads_are_not_recorded()
    {
        var id = await AdminTest.CreateUserAsync(Server.Owner, AdminTest.UniqueEmail("rejected"));
        await Server.User.PatchJsonAsync($"/api/admin/users/{id}", new { name = "Nope" });                       // forbidden
        await Server.Owner.PatchJsonAsync($"/api/admin/users/{id}", new { name = "" });                          // invalid
        await Server.Owner.PostJsonAsync($"/api/admin/users/{id}/password", new { password = "short" });          // invalid
        await Server.Owner.GetAsync($"/api/admin/users/{id}");                                                     // a read

        var entries = await EntriesForUserAsync(id);
        Assert.That(entries.Select(e => e.GetProperty("action").GetString()), Is.EqualTo(new[] { "user.create" }));
    }

    [Test]
    public async Task Audit_log_pages_and_filters_by_actor_and_action()
    {
        var a = await AdminTest.CreateUserAsync(Server.Admin, AdminTest.UniqueEmail("pa"));
        var b = await AdminTest.CreateUserAsync(Server.Admin, AdminTest.UniqueEmail("pb"));
        var byAdmin = await (await Server.Owner.GetAsync($"/api/admin/audit-log?actorUserId={Server.AdminId}&action=user.create&pageSize=1")).ReadJsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(byAdmin.GetProperty("pageSize").GetInt32(), Is.EqualTo(1));
            Assert.That(byAdmin.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(byAdmin.GetProperty("total").GetInt32(), Is.GreaterThanOrEqualTo(2));
            Assert.That(byAdmin.GetProperty("items")[0].GetProperty("targetId").GetString(), Is.EqualTo(b.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
        var second = await (await Server.Owner.GetAsync($"/api/admin/audit-log?actorUserId={Server.AdminId}&action=user.create&pageSize=1&page=2")).ReadJsonAsync();
        Assert.That(second.GetProperty("items")[0].GetProperty("targetId").GetString(), Is.EqualTo(a.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await (await Server.Owner.GetAsync("/api/admin/audit-log?pageSize=500")).AssertProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}
