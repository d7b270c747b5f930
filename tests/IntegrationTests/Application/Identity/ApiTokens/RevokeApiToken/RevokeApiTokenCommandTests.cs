using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Application.Identity.ApiTokens.RevokeApiToken;
using Platform.Domain.Common;
using Platform.Infrastructure.Security.Revocation;

namespace Platform.IntegrationTests.Application.Identity.ApiTokens.RevokeApiToken;

public sealed class RevokeApiTokenCommandTests : IdentitySetup
{
    [Test]
    public async Task Revoking_sets_revoked_at_and_records_a_revocation_of_that_token_only()
    {
        var user = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("cli"), user.Caller);
        var kept = await SendAsync(new CreateApiTokenCommand("kept"), user.Caller);

        await SendAsync(new RevokeApiTokenCommand(token.Id), user.Caller);

        Assert.That(await InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == token.Id).Select(t => t.RevokedAt).SingleAsync()), Is.Not.Null);
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == kept.Id).Select(t => t.RevokedAt).SingleAsync()), Is.Null);
        var revocations = await InDatabaseAsync(db => db.Set<TokenRevocation>().Where(r => r.UserId == user.Id).ToListAsync());
        Assert.That(revocations.Select(r => (r.ApiTokenId, r.ClientId)), Is.EqualTo(new (long?, string?)[] { (token.Id, null) }));
    }

    [Test]
    public async Task An_already_revoked_unknown_or_someone_elses_token_is_not_found()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("cli"), user.Caller);
        var othersToken = await SendAsync(new CreateApiTokenCommand("theirs"), other.Caller);
        await SendAsync(new RevokeApiTokenCommand(token.Id), user.Caller);

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeApiTokenCommand(token.Id), user.Caller));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeApiTokenCommand(long.MaxValue), user.Caller));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeApiTokenCommand(othersToken.Id), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == othersToken.Id).Select(t => t.RevokedAt).SingleAsync()), Is.Null);
        Assert.That(await InDatabaseAsync(db => db.Set<TokenRevocation>().CountAsync(r => r.UserId == user.Id)), Is.EqualTo(1), "refusals record nothing");
    }

    [Test]
    public async Task Nobody_signed_in_is_refused()
    {
        var user = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("cli"), user.Caller);

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RevokeApiTokenCommand(token.Id), Caller.Anonymous));
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == token.Id).Select(t => t.RevokedAt).SingleAsync()), Is.Null);
    }
}
