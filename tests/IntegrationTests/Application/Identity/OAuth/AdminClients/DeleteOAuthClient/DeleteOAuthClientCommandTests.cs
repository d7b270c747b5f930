using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth.AdminClients.DeleteOAuthClient;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminClients.DeleteOAuthClient;

public sealed class DeleteOAuthClientCommandTests : IdentitySetup
{
    [Test]
    public async Task Deleting_a_client_removes_its_consents_codes_and_refresh_tokens_so_it_can_no_longer_refresh()
    {
        var admin = await NewUserAsync("admin");
        var user = await NewUserAsync();
        var grant = await GrantAsync(user);
        await ConsentAsync(user, grant.Client, NewVerifier()); // an unused code too
        var keep = await GrantAsync(user);

        var deleted = await SendAsync(new DeleteOAuthClientCommand(grant.Client.ClientId), admin.Caller);

        Assert.That(deleted.ClientId, Is.EqualTo(grant.Client.ClientId));
        Assert.That(deleted.ClientName, Is.EqualTo(grant.Client.ClientName));
        Assert.That((deleted.Consents, deleted.ActiveRefreshTokens), Is.EqualTo((1, 1)));
        Assert.That(await InDatabaseAsync(db => db.OAuthClients.AnyAsync(c => c.ClientId == grant.Client.ClientId)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.CountAsync(c => c.UserId == user.Id)), Is.EqualTo(1));
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.CountAsync(t => t.UserId == user.Id)), Is.EqualTo(1));
        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.CountAsync(c => c.UserId == user.Id)), Is.EqualTo(1));
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "oauth_client.delete" && e.TargetId == grant.Client.ClientId).Select(e => e.Summary).SingleAsync());
        var json = JsonDocument.Parse(summary).RootElement;
        Assert.That((json.GetProperty("consents").GetInt32(), json.GetProperty("activeRefreshTokens").GetInt32()), Is.EqualTo((1, 1)));
        var refused = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: grant.Tokens.RefreshToken), Caller.Anonymous));
        Assert.That(refused!.Error, Is.EqualTo(OAuthErrors.InvalidClient));
        Assert.That((await SendAsync(new ExchangeTokenCommand(Public(keep.Client), GrantTypes.RefreshToken, RefreshToken: keep.Tokens.RefreshToken), Caller.Anonymous)).RefreshToken, Is.Not.Null);
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DeleteOAuthClientCommand(client.ClientId), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DeleteOAuthClientCommand(client.ClientId), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.OAuthClients.AnyAsync(c => c.ClientId == client.ClientId)), Is.True);
    }

    [Test]
    public async Task An_unknown_or_already_deleted_client_is_not_found()
    {
        var client = await RegisterClientAsync();
        await SendAsync(new DeleteOAuthClientCommand(client.ClientId));

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteOAuthClientCommand(client.ClientId)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteOAuthClientCommand("no-such-client")));
    }

    [Test]
    public void A_client_id_with_a_nul_is_a_validation_error() =>
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new DeleteOAuthClientCommand("a\0b")));
}
