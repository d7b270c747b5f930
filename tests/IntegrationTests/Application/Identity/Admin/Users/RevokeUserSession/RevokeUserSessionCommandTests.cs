using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.RevokeUserSession;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.RevokeUserSession;

public sealed class RevokeUserSessionCommandTests : IdentitySetup
{
    private Task<List<long>> SessionIdsAsync(int userId) =>
        InDatabaseAsync(db => db.Sessions.Where(s => s.UserId == userId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());

    [Test]
    public async Task An_admin_ends_one_session_and_the_others_stay()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        await LoginAsync(target);
        await LoginAsync(target);
        var ids = await SessionIdsAsync(target.Id);

        await SendAsync(new RevokeUserSessionCommand(target.Id, ids[0]), admin.Caller);

        Assert.That(await SessionIdsAsync(target.Id), Is.EqualTo(new[] { ids[1] }));
        Assert.That(await InDatabaseAsync(db => db.AdminAuditLog.CountAsync(e => e.Action == "user.revoke_session" && e.TargetId == target.Id.ToString())), Is.EqualTo(1));
    }

    [Test]
    public async Task A_session_of_another_user_or_an_unknown_one_is_not_found()
    {
        var target = await NewUserAsync();
        var other = await NewUserAsync();
        await LoginAsync(other);
        var otherSession = (await SessionIdsAsync(other.Id))[0];

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserSessionCommand(target.Id, otherSession)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserSessionCommand(target.Id, long.MaxValue)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserSessionCommand(int.MaxValue, otherSession)));
        Assert.That(await SessionIdsAsync(other.Id), Is.EqualTo(new[] { otherSession }));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var target = await NewUserAsync();
        await LoginAsync(target);
        var session = (await SessionIdsAsync(target.Id))[0];

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RevokeUserSessionCommand(target.Id, session), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserSessionCommand(target.Id, session), target.Caller));
        Assert.That(await SessionIdsAsync(target.Id), Is.EqualTo(new[] { session }));
    }

    [Test]
    public async Task Only_an_owner_ends_an_owners_session()
    {
        var admin = await NewUserAsync("admin");
        var owner = await NewUserAsync("owner");
        await LoginAsync(owner);
        var session = (await SessionIdsAsync(owner.Id))[0];

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserSessionCommand(owner.Id, session), admin.Caller));
        await SendAsync(new RevokeUserSessionCommand(owner.Id, session), Owner);
        Assert.That(await SessionIdsAsync(owner.Id), Is.Empty);
    }
}
