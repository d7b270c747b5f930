using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth.AdminGrants.RevokeRefreshTokenFamily;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminGrants.RevokeRefreshTokenFamily;

public sealed class RevokeRefreshTokenFamilyCommandTests : IdentitySetup
{
    private Task<Guid> FamilyOfAsync(int userId, long clientDbId) =>
        InDatabaseAsync(db => db.OAuthRefreshTokens.Where(t => t.UserId == userId && t.ClientId == clientDbId).Select(t => t.FamilyId).FirstAsync());

    private Task<long> ClientDbIdAsync(string clientId) =>
        InDatabaseAsync(db => db.OAuthClients.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());

    [Test]
    public async Task Only_an_owner_revokes_an_owners_family()
    {
        // Security review finding 5: the owner rule of every admin write on a user.
        var admin = await NewUserAsync("admin");
        var owner = await NewUserAsync("owner");
        var grant = await GrantAsync(owner);
        var family = await FamilyOfAsync(owner.Id, await ClientDbIdAsync(grant.Client.ClientId));

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeRefreshTokenFamilyCommand(owner.Id, family), admin.Caller));
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.AnyAsync(t => t.FamilyId == family && t.RevokedAt == null)), Is.True);
        Assert.That(await SendAsync(new RevokeRefreshTokenFamilyCommand(owner.Id, family), Owner), Is.EqualTo(1));
    }

    [Test]
    public async Task An_admin_revokes_a_whole_family_and_the_client_can_no_longer_refresh_with_it()
    {
        var admin = await NewUserAsync("admin");
        var user = await NewUserAsync();
        var grant = await GrantAsync(user);
        var other = await GrantAsync(user);
        var rotated = await SendAsync(new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: grant.Tokens.RefreshToken), Caller.Anonymous);
        var family = await FamilyOfAsync(user.Id, await ClientDbIdAsync(grant.Client.ClientId));

        var revoked = await SendAsync(new RevokeRefreshTokenFamilyCommand(user.Id, family), admin.Caller);

        Assert.That(revoked, Is.EqualTo(2));
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.CountAsync(t => t.FamilyId == family && t.RevokedAt == null)), Is.Zero);
        var refused = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: rotated.RefreshToken), Caller.Anonymous));
        Assert.That(refused!.Error, Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That((await SendAsync(new ExchangeTokenCommand(Public(other.Client), GrantTypes.RefreshToken, RefreshToken: other.Tokens.RefreshToken), Caller.Anonymous)).RefreshToken, Is.Not.Null);
        Assert.That(await InDatabaseAsync(db => db.AdminAuditLog.CountAsync(e => e.Action == "user.revoke_refresh_family" && e.TargetId == user.Id.ToString())), Is.EqualTo(1));
    }

    [Test]
    public async Task A_family_of_another_user_an_unknown_family_or_user_is_not_found()
    {
        var user = await NewUserAsync();
        var someoneElse = await NewUserAsync();
        var grant = await GrantAsync(someoneElse);
        var family = await FamilyOfAsync(someoneElse.Id, await ClientDbIdAsync(grant.Client.ClientId));

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeRefreshTokenFamilyCommand(user.Id, family)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeRefreshTokenFamilyCommand(user.Id, Guid.NewGuid())));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeRefreshTokenFamilyCommand(int.MaxValue, family)));
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.AnyAsync(t => t.FamilyId == family && t.RevokedAt == null)), Is.True);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();
        var grant = await GrantAsync(user);
        var family = await FamilyOfAsync(user.Id, await ClientDbIdAsync(grant.Client.ClientId));

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RevokeRefreshTokenFamilyCommand(user.Id, family), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeRefreshTokenFamilyCommand(user.Id, family), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.AnyAsync(t => t.FamilyId == family && t.RevokedAt == null)), Is.True);
    }
}
