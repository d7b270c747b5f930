using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.RevokeUserSessions;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.RevokeUserSessions;

public sealed class RevokeUserSessionsCommandTests : IdentitySetup
{
    [Test]
    public async Task An_admin_ends_every_session_of_the_user_and_no_one_elses()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var other = await NewUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(target);
        }

        await LoginAsync(other);

        var ended = await SendAsync(new RevokeUserSessionsCommand(target.Id), admin.Caller);

        Assert.That(ended, Is.EqualTo(3));
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == target.Id)), Is.Zero);
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == other.Id)), Is.EqualTo(1));
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.revoke_sessions" && e.TargetId == target.Id.ToString()).Select(e => e.Summary).SingleAsync());
        Assert.That(JsonDocument.Parse(summary).RootElement.GetProperty("sessionsEnded").GetInt32(), Is.EqualTo(3));
        Assert.That(await SendAsync(new RevokeUserSessionsCommand(target.Id), admin.Caller), Is.Zero);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var target = await NewUserAsync();
        await LoginAsync(target);

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RevokeUserSessionsCommand(target.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserSessionsCommand(target.Id), target.Caller));
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == target.Id)), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_an_owner_signs_an_owner_out_everywhere()
    {
        var admin = await NewUserAsync("admin");
        var owner = await NewUserAsync("owner");
        await LoginAsync(owner);

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserSessionsCommand(owner.Id), admin.Caller));
        Assert.That(await SendAsync(new RevokeUserSessionsCommand(owner.Id), Owner), Is.EqualTo(1));
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserSessionsCommand(int.MaxValue)));
}
