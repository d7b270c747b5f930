using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth.AdminGrants.RevokeUserGrant;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminGrants.RevokeUserGrant;

public sealed class RevokeUserGrantCommandTests : IdentitySetup
{
    [Test]
    public async Task Only_an_owner_withdraws_an_owners_grant()
    {
        // Security review finding 5: admins may not touch an owner's sessions, nor their OAuth grants.
        var admin = await NewUserAsync("admin");
        var owner = await NewUserAsync("owner");
        var grant = await GrantAsync(owner);

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserGrantCommand(owner.Id, grant.Client.ClientId), admin.Caller));
        var refreshed = await SendAsync(new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: grant.Tokens.RefreshToken), Caller.Anonymous);
        Assert.That(refreshed.RefreshToken, Is.Not.Null);
        Assert.That(await SendAsync(new RevokeUserGrantCommand(owner.Id, grant.Client.ClientId), Owner), Is.EqualTo(2), "the rotated token and its successor");
    }

    [Test]
    public async Task Withdrawing_a_grant_removes_the_consent_and_unused_codes_and_revokes_the_refresh_tokens()
    {
        var admin = await NewUserAsync("admin");
        var user = await NewUserAsync();
        var grant = await GrantAsync(user);
        await ConsentAsync(user, grant.Client, NewVerifier()); // an unused code
        var other = await GrantAsync(user);

        var revoked = await SendAsync(new RevokeUserGrantCommand(user.Id, grant.Client.ClientId), admin.Caller);

        Assert.That(revoked, Is.EqualTo(1));
        var clientDbId = await InDatabaseAsync(db => db.OAuthClients.Where(c => c.ClientId == grant.Client.ClientId).Select(c => c.Id).SingleAsync());
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.AnyAsync(c => c.UserId == user.Id && c.ClientId == clientDbId)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.AnyAsync(c => c.UserId == user.Id && c.ClientId == clientDbId && c.ConsumedAt == null)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.AnyAsync(t => t.UserId == user.Id && t.ClientId == clientDbId && t.RevokedAt == null)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.CountAsync(c => c.UserId == user.Id)), Is.EqualTo(1));
        var refused = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: grant.Tokens.RefreshToken), Caller.Anonymous));
        Assert.That(refused!.Error, Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(await SendAsync(new AuthorizeCommand(AuthorizationFor(grant.Client, NewVerifier())), user.Caller), Is.TypeOf<AuthorizationConsentRequired>());
        Assert.That(await SendAsync(new AuthorizeCommand(AuthorizationFor(other.Client, NewVerifier())), user.Caller), Is.TypeOf<AuthorizationRedirect>());
    }

    [Test]
    public async Task No_consent_an_unknown_client_or_user_is_not_found()
    {
        var user = await NewUserAsync();
        var client = await RegisterClientAsync();

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserGrantCommand(user.Id, client.ClientId)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserGrantCommand(user.Id, "no-such-client")));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RevokeUserGrantCommand(int.MaxValue, client.ClientId)));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var user = await NewUserAsync();
        var grant = await GrantAsync(user);

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new RevokeUserGrantCommand(user.Id, grant.Client.ClientId), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new RevokeUserGrantCommand(user.Id, grant.Client.ClientId), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.CountAsync(c => c.UserId == user.Id)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_client_id_with_a_nul_is_a_validation_error()
    {
        var user = await NewUserAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new RevokeUserGrantCommand(user.Id, "a\0b")));
    }
}
