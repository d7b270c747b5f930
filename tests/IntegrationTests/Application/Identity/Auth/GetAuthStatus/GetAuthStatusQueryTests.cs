using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Auth.GetAuthStatus;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.Auth.GetAuthStatus;

public sealed class GetAuthStatusQueryTests : IdentitySetup
{
    [Test]
    public async Task Nobody_signed_in_gets_no_user_and_no_bootstrap_once_a_user_exists()
    {
        var status = await SendAsync(new GetAuthStatusQuery(), Caller.Anonymous);

        Assert.That(status.User, Is.Null);
        Assert.That(status.BootstrapAvailable, Is.False);
        Assert.That(status.Mode, Is.EqualTo(ServerMode.Full));
    }

    [Test]
    public async Task A_signed_in_user_gets_their_account()
    {
        var user = await NewUserAsync("admin", "Status User");

        var status = await SendAsync(new GetAuthStatusQuery(), user.Caller);

        Assert.That(status.User, Is.Not.Null);
        Assert.That(status.User!.Id, Is.EqualTo(user.Id));
        Assert.That(status.User.Email, Is.EqualTo(user.Email));
        Assert.That(status.User.Name, Is.EqualTo("Status User"));
        Assert.That(status.User.SystemRole, Is.EqualTo(SystemRole.Admin));
        Assert.That(status.BootstrapAvailable, Is.False);
    }

    [Test]
    public async Task A_bearer_token_of_any_scope_gets_the_account_too()
    {
        var user = await NewUserAsync();

        var status = await SendAsync(new GetAuthStatusQuery(), user.Caller.WithScopes(Scopes.TasksRead));

        Assert.That(status.User?.Id, Is.EqualTo(user.Id));
    }

    [Test]
    public async Task A_disabled_user_is_shown_as_disabled_and_an_unknown_id_as_nobody()
    {
        var user = await NewUserAsync();
        await SendAsync(new DisableUserCommand(user.Id));

        var disabled = await SendAsync(new GetAuthStatusQuery(), user.Caller);
        var unknown = await SendAsync(new GetAuthStatusQuery(), new Caller(int.MaxValue, SystemRole.User));

        Assert.That(disabled.User?.Disabled, Is.True);
        Assert.That(unknown.User, Is.Null);
        Assert.That(unknown.BootstrapAvailable, Is.False);
    }
}
