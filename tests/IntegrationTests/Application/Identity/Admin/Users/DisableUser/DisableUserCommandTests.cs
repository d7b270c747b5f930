using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.Admin.Users.EnableUser;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Security.Revocation;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.DisableUser;

public sealed class DisableUserCommandTests : IdentitySetup
{
    [Test]
    public async Task Disabling_deletes_the_users_unused_authorization_codes()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var client = await RegisterClientAsync();
        var verifier = NewVerifier();
        var unusedCode = await ConsentAsync(target, client, verifier);

        await SendAsync(new DisableUserCommand(target.Id), admin.Caller);

        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.CountAsync(c => c.UserId == target.Id && c.ConsumedAt == null)), Is.Zero);
        var exchange = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(client), GrantTypes.AuthorizationCode, unusedCode, RedirectUri, verifier), Caller.Anonymous))!;
        Assert.That(exchange.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task An_admin_disables_a_user_ending_their_sessions_and_revoking_their_refresh_tokens()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        await LoginAsync(target);
        await LoginAsync(target);
        await GrantAsync(target);

        var result = await SendAsync(new DisableUserCommand(target.Id), admin.Caller);

        Assert.That(result.User.Id, Is.EqualTo(target.Id));
        Assert.That(result.User.Disabled, Is.True);
        Assert.That(result.User.ActiveSessions, Is.Zero);
        Assert.That(result.SessionsEnded, Is.EqualTo(2));
        Assert.That(result.RefreshTokensRevoked, Is.EqualTo(1));
        var stored = await InDatabaseAsync(db => db.Users.SingleAsync(u => u.Id == target.Id));
        Assert.That(stored.DisabledAt, Is.Not.Null);
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == target.Id)), Is.Zero);
        Assert.That(await InDatabaseAsync(db => db.OAuthRefreshTokens.AnyAsync(t => t.UserId == target.Id && t.RevokedAt == null)), Is.False);
        var audit = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.disable" && e.TargetId == target.Id.ToString()).ToListAsync());
        Assert.That(audit.Select(e => e.ActorUserId), Is.EqualTo(new[] { admin.Id }));
        Assert.ThrowsAsync<AuthRequiredException>(() => LoginAsync(target));
    }

    [Test]
    public async Task Disabling_revokes_the_users_api_tokens_and_enabling_does_not_restore_them()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var token = await SendAsync(new CreateApiTokenCommand("cli"), target.Caller);

        var result = await SendAsync(new DisableUserCommand(target.Id), admin.Caller);
        await SendAsync(new EnableUserCommand(target.Id), admin.Caller);

        Assert.That(result.ApiTokensRevoked, Is.EqualTo(1));
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == token.Id).Select(t => t.RevokedAt).SingleAsync()), Is.Not.Null);
        Assert.That(await InDatabaseAsync(db => db.Set<TokenRevocation>().CountAsync(r => r.UserId == target.Id && r.ClientId == null && r.ApiTokenId == null)), Is.EqualTo(1));
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.disable" && e.TargetId == target.Id.ToString()).Select(e => e.Summary).SingleAsync());
        Assert.That(JsonDocument.Parse(summary).RootElement.GetProperty("apiTokensRevoked").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var target = await NewUserAsync();
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new DisableUserCommand(target.Id), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DisableUserCommand(target.Id), user.Caller));
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.DisabledAt).SingleAsync()), Is.Null);
    }

    [Test]
    public async Task Only_an_owner_disables_an_owner()
    {
        var admin = await NewUserAsync("admin");
        var otherOwner = await NewUserAsync("owner");

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new DisableUserCommand(otherOwner.Id), admin.Caller));
        var result = await SendAsync(new DisableUserCommand(otherOwner.Id), Owner);

        Assert.That(result.User.Disabled, Is.True);
    }

    [Test]
    public async Task Nobody_disables_their_own_account()
    {
        var admin = await NewUserAsync("admin");

        var error = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new DisableUserCommand(admin.Id), admin.Caller));
        Assert.That(error!.Details["reason"], Is.EqualTo("self"));
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.DisabledAt).SingleAsync()), Is.Null);
    }

    [Test]
    public async Task The_last_active_owner_cannot_be_disabled()
    {
        // A second owner whose account was disabled meanwhile still calls as an owner (stale caller):
        // the bootstrap owner is then the last active one.
        var staleOwner = await NewUserAsync("owner");
        await SendAsync(new DisableUserCommand(staleOwner.Id), Owner);

        var error = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new DisableUserCommand(Owner.UserId!.Value), staleOwner.Caller));
        Assert.That(error!.Details["reason"], Is.EqualTo("last_owner"));
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == Owner.UserId).Select(u => u.DisabledAt).SingleAsync()), Is.Null);
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DisableUserCommand(int.MaxValue)));
}
