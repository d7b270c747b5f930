using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Application.Identity.ApiTokens.ListApiTokens;
using Platform.Application.Identity.ApiTokens.RevokeApiToken;
using Platform.Domain.Common;

namespace Platform.IntegrationTests.Application.Identity.ApiTokens.ListApiTokens;

public sealed class ListApiTokensQueryTests : IdentitySetup
{
    [Test]
    public async Task The_callers_own_tokens_newest_first_with_revoked_ones()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var first = await SendAsync(new CreateApiTokenCommand("first"), user.Caller);
        var second = await SendAsync(new CreateApiTokenCommand(null), user.Caller);
        var third = await SendAsync(new CreateApiTokenCommand("third"), user.Caller);
        await SendAsync(new CreateApiTokenCommand("not mine"), other.Caller);
        await SendAsync(new RevokeApiTokenCommand(second.Id), user.Caller);

        var tokens = await SendAsync(new ListApiTokensQuery(), user.Caller);

        Assert.That(tokens.Select(t => t.Id), Is.EqualTo(new[] { third.Id, second.Id, first.Id }));
        Assert.Multiple(() =>
        {
            Assert.That(tokens[0].Name, Is.EqualTo("third"));
            Assert.That(tokens[0].RevokedAt, Is.Null);
            Assert.That(tokens[0].LastUsedAt, Is.Null);
            Assert.That(tokens[1].Name, Is.Null);
            Assert.That(tokens[1].RevokedAt, Is.Not.Null);
            Assert.That(tokens[2].CreatedAt, Is.EqualTo(first.CreatedAt));
        });
    }

    [Test]
    public async Task A_user_without_tokens_gets_an_empty_list() =>
        Assert.That(await SendAsync(new ListApiTokensQuery(), (await NewUserAsync()).Caller), Is.Empty);

    [Test]
    public void Nobody_signed_in_is_refused() =>
        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ListApiTokensQuery(), Caller.Anonymous));
}
