using Platform.Application.Identity.Admin.Users.GetUser;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.GetUser;

public sealed class GetUserQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_reads_a_user_with_the_count_of_their_live_sessions()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync("user", "Ana Example");
        await LoginAsync(target);
        await LoginAsync(target);

        var user = await SendAsync(new GetUserQuery(target.Id), admin.Caller);

        Assert.That(user.Id, Is.EqualTo(target.Id));
        Assert.That(user.Email, Is.EqualTo(target.Email));
        Assert.That(user.Name, Is.EqualTo("Ana Example"));
        Assert.That(user.SystemRole, Is.EqualTo(SystemRole.User));
        Assert.That(user.IsBootstrap, Is.False);
        Assert.That(user.Disabled, Is.False);
        Assert.That(user.ActiveSessions, Is.EqualTo(2));
        Assert.That(user.LastSeenAt, Is.Not.Null);
        Assert.That(user.LastSeenAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public async Task The_bootstrap_owner_is_marked_as_such()
    {
        var owner = await SendAsync(new GetUserQuery(Owner.UserId!.Value));

        Assert.That(owner.IsBootstrap, Is.True);
        Assert.That(owner.SystemRole, Is.EqualTo(SystemRole.Owner));
        Assert.That(owner.Email, Is.EqualTo("owner@example.com"));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetUserQuery(user.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new GetUserQuery(user.Id), user.Caller));
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetUserQuery(int.MaxValue)));
}
