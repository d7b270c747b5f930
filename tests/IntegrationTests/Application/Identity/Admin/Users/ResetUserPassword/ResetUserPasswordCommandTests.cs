using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.ResetUserPassword;
using Platform.Application.Identity.ApiTokens.CreateApiToken;
using Platform.Application.Identity.ApiTokens.RevokeApiToken;
using Platform.Application.Identity.Auth;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Security.Revocation;

namespace Platform.IntegrationTests.Application.Identity.Admin.Users.ResetUserPassword;

public sealed class ResetUserPasswordCommandTests : IdentitySetup
{
    [Test]
    public async Task An_admin_sets_a_new_password_and_every_session_of_the_user_ends()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        await LoginAsync(target);
        await LoginAsync(target);
        var oldHash = await InDatabaseAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.PasswordHash).SingleAsync());

        var result = await SendAsync(new ResetUserPasswordCommand(target.Id, "  brand-new-secret  "), admin.Caller);

        Assert.That(result, Is.EqualTo(new PasswordResetDto(target.Id, 2, 0, 0)));
        Assert.That(await InDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == target.Id)), Is.Zero);
        Assert.That(await InDatabaseAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.PasswordHash).SingleAsync()), Is.Not.EqualTo(oldHash));
        Assert.ThrowsAsync<AuthRequiredException>(() => LoginAsync(target));
        Assert.That((await LoginAsync(target with { Password = "brand-new-secret" })).User.Id, Is.EqualTo(target.Id));
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.reset_password" && e.TargetId == target.Id.ToString()).Select(e => e.Summary).SingleAsync());
        Assert.That(JsonDocument.Parse(summary).RootElement.GetProperty("sessionsEnded").GetInt32(), Is.EqualTo(2));
        Assert.That(summary, Does.Not.Contain("brand-new-secret"));
    }

    [Test]
    public async Task A_reset_ends_the_users_oauth_grants_too_refresh_tokens_and_unused_codes()
    {
        // Security review finding 4: before, the refresh token still rotated after a reset.
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var grant = await GrantAsync(target);
        var client = await RegisterClientAsync();
        var verifier = NewVerifier();
        var unusedCode = await ConsentAsync(target, client, verifier);

        var result = await SendAsync(new ResetUserPasswordCommand(target.Id, "brand-new-secret"), admin.Caller);

        Assert.That(result.RefreshTokensRevoked, Is.EqualTo(1));
        var refresh = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: grant.Tokens.RefreshToken), Caller.Anonymous))!;
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"));
        var exchange = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(client), GrantTypes.AuthorizationCode, unusedCode, RedirectUri, verifier), Caller.Anonymous))!;
        Assert.That(exchange.Error, Is.EqualTo("invalid_grant"));
        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.CountAsync(c => c.UserId == target.Id && c.ConsumedAt == null)), Is.Zero);
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.reset_password" && e.TargetId == target.Id.ToString()).Select(e => e.Summary).SingleAsync());
        Assert.That(JsonDocument.Parse(summary).RootElement.GetProperty("refreshTokensRevoked").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_reset_revokes_the_users_api_tokens_and_records_a_user_wide_revocation()
    {
        var admin = await NewUserAsync("admin");
        var target = await NewUserAsync();
        var first = await SendAsync(new CreateApiTokenCommand("one"), target.Caller);
        await SendAsync(new CreateApiTokenCommand("two"), target.Caller);
        await SendAsync(new RevokeApiTokenCommand(first.Id), target.Caller);
        var bystander = await NewUserAsync();
        await SendAsync(new CreateApiTokenCommand("untouched"), bystander.Caller);

        var result = await SendAsync(new ResetUserPasswordCommand(target.Id, "brand-new-secret"), admin.Caller);

        Assert.That(result.ApiTokensRevoked, Is.EqualTo(1), "the one still active");
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.CountAsync(t => t.UserId == target.Id && t.RevokedAt == null)), Is.Zero);
        Assert.That(await InDatabaseAsync(db => db.ApiTokens.CountAsync(t => t.UserId == bystander.Id && t.RevokedAt == null)), Is.EqualTo(1));
        Assert.That(await InDatabaseAsync(db => db.Set<TokenRevocation>().CountAsync(r => r.UserId == target.Id && r.ClientId == null && r.ApiTokenId == null)), Is.EqualTo(1));
        var summary = await InDatabaseAsync(db => db.AdminAuditLog.Where(e => e.Action == "user.reset_password" && e.TargetId == target.Id.ToString()).Select(e => e.Summary).SingleAsync());
        Assert.That(JsonDocument.Parse(summary).RootElement.GetProperty("apiTokensRevoked").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var target = await NewUserAsync();
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new ResetUserPasswordCommand(target.Id, "new-password"), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ResetUserPasswordCommand(target.Id, "new-password"), user.Caller));
        Assert.That((await LoginAsync(target)).User.Id, Is.EqualTo(target.Id));
    }

    [Test]
    public async Task Only_an_owner_resets_an_owners_password()
    {
        var admin = await NewUserAsync("admin");

        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new ResetUserPasswordCommand(Owner.UserId!.Value, "new-password"), admin.Caller));
    }

    // Lone surrogates cannot travel in attribute arguments (stored as UTF-8): a source instead.
    private static readonly string?[] InvalidPasswords = [null, "   ", "short", "a\0bcdefghij", "\ud800abcdefghij"];

    [TestCaseSource(nameof(InvalidPasswords))]
    public async Task Invalid_passwords_are_validation_errors(string? password)
    {
        var target = await NewUserAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ResetUserPasswordCommand(target.Id, password)));
        Assert.That((await LoginAsync(target)).User.Id, Is.EqualTo(target.Id));
    }

    [Test]
    public async Task A_password_longer_than_the_limit_is_a_validation_error()
    {
        var target = await NewUserAsync();

        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new ResetUserPasswordCommand(target.Id, new string('p', Credentials.MaxPasswordLength + 1))));
    }

    [Test]
    public void An_unknown_user_is_not_found() =>
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ResetUserPasswordCommand(int.MaxValue, "new-password")));
}
