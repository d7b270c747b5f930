using Platform.Application.Common.Security;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Auth.GetMe;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Auth.GetMe;

public sealed class GetMeQueryTests : IdentitySetup
{
    [Test]
    public async Task A_signed_in_user_reads_their_own_account()
    {
        var user = await NewUserAsync("user", "Me Myself");

        var me = await SendAsync(new GetMeQuery(), user.Caller);

        Assert.That(me.Id, Is.EqualTo(user.Id));
        Assert.That(me.Email, Is.EqualTo(user.Email));
        Assert.That(me.Name, Is.EqualTo("Me Myself"));
        Assert.That(me.SystemRole, Is.EqualTo(SystemRole.User));
        Assert.That(me.Disabled, Is.False);
        Assert.That(me.IsBootstrap, Is.False);
    }

    [Test]
    public async Task A_bearer_token_needs_no_particular_scope()
    {
        var user = await NewUserAsync();

        Assert.That((await SendAsync(new GetMeQuery(), user.Caller.WithScopes(Scopes.OrganizationsRead))).Id, Is.EqualTo(user.Id));
        Assert.That((await SendAsync(new GetMeQuery(), user.Caller.WithScopes())).Id, Is.EqualTo(user.Id));
    }

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetMeQuery(), Caller.Anonymous));

    [Test]
    public async Task A_disabled_or_deleted_account_is_no_longer_signed_in()
    {
        var user = await NewUserAsync();
        await SendAsync(new DisableUserCommand(user.Id));

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetMeQuery(), user.Caller));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetMeQuery(), new Caller(int.MaxValue, SystemRole.User)));
    }
}
