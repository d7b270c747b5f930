using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Auth.Login;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Auth.Login;

public sealed class LoginCommandTests : IdentitySetup
{
    [Test]
    public async Task Valid_credentials_start_a_session_stored_only_as_the_hash_of_its_token()
    {
        var user = await NewUserAsync("user", "Login User");
        var ip = NewIp();

        var signedIn = await SendAsync(new LoginCommand($"  {user.Email.ToUpperInvariant()} ", " password123 ", ip, "test-agent"), Caller.Anonymous);

        Assert.That(signedIn.User.Id, Is.EqualTo(user.Id));
        Assert.That(signedIn.User.Name, Is.EqualTo("Login User"));
        Assert.That(signedIn.SessionToken, Has.Length.EqualTo(43));
        var hash = SessionService.HashToken(signedIn.SessionToken);
        var session = await InDatabaseAsync(db => db.Sessions.SingleAsync(s => s.UserId == user.Id));
        Assert.That(session.TokenHash, Is.EqualTo(hash));
        Assert.That((session.UserAgent, session.IpAddress), Is.EqualTo(("test-agent", ip)));
        Assert.That(session.ExpiresAt, Is.EqualTo(signedIn.ExpiresAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Wrong_or_missing_credentials_and_unknown_emails_are_refused_alike_without_a_session()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new LoginCommand(user.Email, "wrong-password", NewIp()), Caller.Anonymous));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new LoginCommand(user.Email, "   ", NewIp()), Caller.Anonymous));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new LoginCommand(null, "password123", NewIp()), Caller.Anonymous));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new LoginCommand(UniqueEmail("nobody"), "password123", NewIp()), Caller.Anonymous));
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new LoginCommand(user.Email, new string('p', 1025), NewIp()), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id)), Is.Zero);
    }

    [Test]
    public async Task A_disabled_user_cannot_sign_in()
    {
        var user = await NewUserAsync();
        await SendAsync(new DisableUserCommand(user.Id));

        Assert.ThrowsAsync<AuthRequiredException>(() => LoginAsync(user));
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id)), Is.Zero);
    }

    [Test]
    public async Task Too_many_attempts_from_one_address_are_rate_limited_even_with_the_right_password()
    {
        var user = await NewUserAsync();
        var ip = NewIp();
        for (var i = 0; i < 10; i++)
        {
            Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new LoginCommand(UniqueEmail("guess"), "wrong-password", ip), Caller.Anonymous));
        }

        Assert.ThrowsAsync<RateLimitedException>(() => SendAsync(new LoginCommand(user.Email, user.Password, ip), Caller.Anonymous));
        Assert.That((await SendAsync(new LoginCommand(user.Email, user.Password, NewIp()), Caller.Anonymous)).User.Id, Is.EqualTo(user.Id));
    }

    private static readonly object[] UnstorableText = [new[] { "a\0b@example.com", "password123" }, new[] { "x@example.com", "pass\ud800word" }];

    [TestCaseSource(nameof(UnstorableText))]
    public void Text_that_cannot_be_stored_is_a_validation_error(string email, string password) =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new LoginCommand(email, password, NewIp()), Caller.Anonymous));
}
