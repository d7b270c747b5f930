using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Auth.Logout;
using Platform.Application.Identity.Sessions;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.Auth.Logout;

public sealed class LogoutCommandTests : IdentitySetup
{
    [Test]
    public async Task Logout_ends_exactly_the_session_of_the_token()
    {
        var user = await NewUserAsync();
        var first = await LoginAsync(user);
        var second = await LoginAsync(user);

        await SendAsync(new LogoutCommand($" {first.SessionToken} "), Caller.Anonymous);

        var hashes = await InDatabaseAsync(db => db.Sessions.Where(s => s.UserId == user.Id).Select(s => s.TokenHash).ToListAsync());
        Assert.That(hashes, Is.EqualTo(new[] { SessionService.HashToken(second.SessionToken) }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("unknown-token")]
    public async Task A_missing_or_unknown_token_is_a_harmless_no_op(string? token)
    {
        var user = await NewUserAsync();
        await LoginAsync(user);

        await SendAsync(new LogoutCommand(token), Caller.Anonymous);

        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id)), Is.EqualTo(1));
    }

    [Test]
    public async Task An_oversize_token_is_ignored()
    {
        var user = await NewUserAsync();
        await LoginAsync(user);

        await SendAsync(new LogoutCommand(new string('t', 300)), Caller.Anonymous);

        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id)), Is.EqualTo(1));
    }

    [Test]
    public void A_token_with_a_nul_is_a_validation_error() =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new LogoutCommand("a\0b"), Caller.Anonymous));
}
