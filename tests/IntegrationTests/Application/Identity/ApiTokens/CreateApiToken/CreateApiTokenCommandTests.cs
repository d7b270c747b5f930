using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.IntegrationTests.Application.Identity.ApiTokens.CreateApiToken;

public sealed class CreateApiTokenCommandTests : IdentitySetup
{
    [Test]
    public async Task A_user_gets_an_sb_token_once_and_only_its_sha256_is_stored()
    {
        var user = await NewUserAsync();

        var created = await SendAsync(new CreateApiTokenCommand("  cli  "), user.Caller);

        Assert.That(created.Token, Does.Match("^sb_[A-Za-z0-9_-]{43}$"));
        Assert.That(created.Name, Is.EqualTo("cli"));
        var stored = await InDatabaseAsync(db => db.ApiTokens.SingleAsync(t => t.Id == created.Id));
        Assert.Multiple(() =>
        {
            Assert.That(stored.UserId, Is.EqualTo(user.Id));
            Assert.That(stored.TokenHash, Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token))));
            Assert.That(stored.Name, Is.EqualTo("cli"));
            Assert.That(stored.CreatedAt, Is.EqualTo(created.CreatedAt));
            Assert.That(stored.LastUsedAt, Is.Null);
            Assert.That(stored.RevokedAt, Is.Null);
            Assert.That(created.ToString(), Does.Not.Contain(created.Token), "the token never reaches a log line");
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public async Task The_name_is_optional_and_blank_means_none(string? name)
    {
        var user = await NewUserAsync();

        var created = await SendAsync(new CreateApiTokenCommand(name), user.Caller);

        Assert.That(created.Name, Is.Null);
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == created.Id).Select(t => t.Name).SingleAsync()), Is.Null);
    }

    [Test]
    public async Task Every_token_is_different()
    {
        var user = await NewUserAsync();

        var first = await SendAsync(new CreateApiTokenCommand("a"), user.Caller);
        var second = await SendAsync(new CreateApiTokenCommand("a"), user.Caller);

        Assert.That(second.Token, Is.Not.EqualTo(first.Token));
        Assert.That(second.Id, Is.Not.EqualTo(first.Id));
    }

    [Test]
    public async Task A_name_over_100_characters_or_against_the_name_rule_is_refused()
    {
        var user = await NewUserAsync();

        var tooLong = Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateApiTokenCommand(new string('x', ApiToken.MaxNameLength + 1)), user.Caller));
        Assert.That(tooLong!.Message, Is.EqualTo("validation: name too long"));
        Assert.That(tooLong.Details["field"], Is.EqualTo("name"));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateApiTokenCommand("a\0b"), user.Caller));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new CreateApiTokenCommand("line\nbreak"), user.Caller), "names shown to people: no control characters");
        await SendAsync(new CreateApiTokenCommand(new string('x', ApiToken.MaxNameLength)), user.Caller);
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.CountAsync(t => t.UserId == user.Id)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_user_holds_at_most_50_active_tokens_and_revoked_ones_do_not_count()
    {
        var user = await NewUserAsync();
        for (var i = 0; i < ApiToken.MaxActivePerUser; i++)
        {
            await SendAsync(new CreateApiTokenCommand($"t{i}"), user.Caller);
        }

        var error = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new CreateApiTokenCommand("one too many"), user.Caller));
        Assert.That(error!.Details["reason"], Is.EqualTo("token_limit"));
        Assert.That(error.Details["limit"], Is.EqualTo(ApiToken.MaxActivePerUser));

        var oldest = await InDatabaseAsync(db => db.ApiTokens.Where(t => t.UserId == user.Id).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        await SendAsync(new Platform.Application.Identity.ApiTokens.RevokeApiToken.RevokeApiTokenCommand(oldest), user.Caller);
        await SendAsync(new CreateApiTokenCommand("after a revocation"), user.Caller);

        var other = await NewUserAsync();
        await SendAsync(new CreateApiTokenCommand("someone else's cap is their own"), other.Caller);
    }

    [Test]
    public async Task Nobody_signed_in_is_refused()
    {
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new CreateApiTokenCommand("x"), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.CountAsync(t => t.Name == "x")), Is.Zero);
    }
}
