using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Admin.Users.EnableUser;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.EnableUser;

public sealed class EnableUserCommandTests : IdentitySetup
{
    [Test]
    public async Task An_admin_enables_a_disabled_user_who_can_sign_in_again_but_keeps_no_old_session()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        await LoginAsync(target);
        await SendAsync(new DisableUserCommand(target.Id), admin.Caller);

        var enabled = await SendAsync(new EnableUserCommand(target.Id), admin.Caller);

        Assert.That(enabled.Id, Is.EqualTo(target.Id));
        Assert.That(enabled.Disabled, Is.False);
        Assert.That(enabled.DisabledAt, Is.Null);
        Assert.That(enabled.ActiveSessions, Is.Zero);
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.DisabledAt).SingleAsync()), Is.Null);
        Assert.That(await InDatabaseAsync(db => db.AdminAuditLog.CountAsync(e => e.Action == "user.enable" && e.TargetId == target.Id.ToString())), Is.EqualTo(1));
        var signedIn = await LoginAsync(target);
        Assert.That(signedIn.User.Id, Is.EqualTo(target.Id));
    }

    [Test]
    public async Task Enabling_an_enabled_user_changes_nothing()
    {
        var target = await NewUserAsync();

        var enabled = await SendAsync(new EnableUserCommand(target.Id));

        Assert.That(enabled.Disabled, Is.False);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var target = await NewUserAsync();
        await SendAsync(new DisableUserCommand(target.Id));
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new EnableUserCommand(target.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new EnableUserCommand(target.Id), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.DisabledAt).SingleAsync()), Is.Not.Null);
    }

    [Test]
    public async Task Only_an_owner_enables_an_owner()
    {
        var admin = await NewUserAsync("admin");
        var otherOwner = await NewUserAsync("owner");
        await SendAsync(new DisableUserCommand(otherOwner.Id));

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new EnableUserCommand(otherOwner.Id), admin.Caller));
        Assert.That((await SendAsync(new EnableUserCommand(otherOwner.Id), Owner)).Disabled, Is.False);
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new EnableUserCommand(int.MaxValue)));
}
