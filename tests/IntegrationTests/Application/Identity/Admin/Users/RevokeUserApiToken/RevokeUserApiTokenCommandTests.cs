using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.RevokeUserApiToken;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Domain.Common;
using Platform.Infrastructure.Security.Revocation;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.RevokeUserApiToken;

public sealed class RevokeUserApiTokenCommandTests : IdentitySetup
{
    private Task<DateTimeOffset?> RevokedAtAsync(long tokenId) =>
        InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == tokenId).Select(t => t.RevokedAt).SingleAsync());

    [Test]
    public async Task An_admin_revokes_one_token_with_its_revocation_and_audit_row_and_the_others_stay()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("stolen laptop"), target.Caller);
        var kept = await SendAsync(new CreateApiTokenCommand("desktop"), target.Caller);

        await SendAsync(new RevokeUserApiTokenCommand(target.Id, token.Id), admin.Caller);

        Assert.That(await RevokedAtAsync(token.Id), Is.Not.Null);
        Assert.That(await RevokedAtAsync(kept.Id), Is.Null);
        Assert.That(await InDatabaseAsync(db => db.Set<TokenRevocation>().Where(r => r.UserId == target.Id).Select(r => r.ApiTokenId).ToListAsync()),
            Is.EqualTo(new long?[] { token.Id }));
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.SingleAsync(e => e.Action == "user.revoke_api_token" && e.TargetId == target.Id.ToString()));
        Assert.That(audit.ActorUserId, Is.EqualTo(admin.Id));
        Assert.That(JsonDocument.Parse(audit.Summary).RootElement.GetProperty("tokenId").GetInt64(), Is.EqualTo(token.Id));
        Assert.That(audit.Summary, Does.Not.Contain(token.Token));
    }

    [Test]
    public async Task A_token_of_another_user_an_unknown_or_an_already_revoked_one_is_not_found_and_not_audited()
    {
        var target = await NewUserAsync();
        var other = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("cli"), target.Caller);
        var othersToken = await SendAsync(new CreateApiTokenCommand("cli"), other.Caller);
        await SendAsync(new RevokeUserApiTokenCommand(target.Id, token.Id));

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserApiTokenCommand(target.Id, token.Id)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserApiTokenCommand(target.Id, othersToken.Id)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserApiTokenCommand(target.Id, long.MaxValue)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserApiTokenCommand(int.MaxValue, othersToken.Id)));
        Assert.That(await RevokedAtAsync(othersToken.Id), Is.Null);
        Assert.That(await InDatabaseAsync(db => db.AdminAuditLog.CountAsync(e => e.Action == "user.revoke_api_token" && e.TargetId == target.Id.ToString())), Is.EqualTo(1));
        Assert.That(await InDatabaseAsync(db => db.Set<TokenRevocation>().CountAsync(r => r.UserId == target.Id || r.UserId == other.Id)), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_an_owner_revokes_an_owners_token()
    {
        var admin = await NewUserAsync("admin");
        var owner = await NewUserAsync("owner");
        var token = await SendAsync(new CreateApiTokenCommand("owner's"), owner.Caller);

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserApiTokenCommand(owner.Id, token.Id), admin.Caller));
        Assert.That(await RevokedAtAsync(token.Id), Is.Null);
        await SendAsync(new RevokeUserApiTokenCommand(owner.Id, token.Id), Owner);
        Assert.That(await RevokedAtAsync(token.Id), Is.Not.Null);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused_even_for_their_own_token()
    {
        var target = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("cli"), target.Caller);

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RevokeUserApiTokenCommand(target.Id, token.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserApiTokenCommand(target.Id, token.Id), target.Caller));
        Assert.That(await RevokedAtAsync(token.Id), Is.Null);
    }
}
