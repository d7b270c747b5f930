using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Application.Identity.OAuth.RevokeToken;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.RevokeToken;

public sealed class RevokeTokenCommandTests : IdentitySetup
{
    private Task<bool> IsLiveAsync(string refreshToken)
    {
        var hash = OAuthSecrets.Hash(refreshToken);
        return InDatabaseAsync(db => db.OAuthRefreshTokens.AnyAsync(t => t.TokenHash == hash && t.RevokedAt == null));
    }

    [Test]
    public async Task Revoking_a_refresh_token_revokes_its_whole_family()
    {
        var grant = await GrantAsync(await NewUserAsync());
        var rotated = await SendAsync(new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: grant.Tokens.RefreshToken), Caller.Anonymous);

        await SendAsync(new RevokeTokenCommand(Public(grant.Client), rotated.RefreshToken, "refresh_token"), Caller.Anonymous);

        Assert.That(await IsLiveAsync(rotated.RefreshToken!), Is.False);
        Assert.That(await IsLiveAsync(grant.Tokens.RefreshToken!), Is.False);
        var refused = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new ExchangeTokenCommand(Public(grant.Client), GrantTypes.RefreshToken, RefreshToken: rotated.RefreshToken), Caller.Anonymous));
        Assert.That(refused!.Error, Is.EqualTo(OAuthErrors.InvalidGrant));
    }

    [Test]
    public async Task Unknown_tokens_access_tokens_oversize_tokens_and_other_clients_tokens_are_answered_like_a_success()
    {
        var grant = await GrantAsync(await NewUserAsync());
        var otherClient = await RegisterClientAsync();

        await SendAsync(new RevokeTokenCommand(Public(grant.Client), "unknown-token", null), Caller.Anonymous);
        await SendAsync(new RevokeTokenCommand(Public(grant.Client), grant.Tokens.AccessToken, "access_token"), Caller.Anonymous);
        await SendAsync(new RevokeTokenCommand(Public(grant.Client), new string('t', 600), null), Caller.Anonymous);
        await SendAsync(new RevokeTokenCommand(Public(otherClient), grant.Tokens.RefreshToken, null), Caller.Anonymous);

        Assert.That(await IsLiveAsync(grant.Tokens.RefreshToken!), Is.True);
    }

    [Test]
    public async Task A_missing_token_is_an_invalid_request_and_a_failed_client_authentication_an_invalid_client()
    {
        var grant = await GrantAsync(await NewUserAsync());

        var missing = Assert.ThrowsAsync<OAuthException>(() => SendAsync(new RevokeTokenCommand(Public(grant.Client), "", null), Caller.Anonymous));
        var unknownClient = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new RevokeTokenCommand(new ClientCredentials("no-such-client", null, ClientCredentialsScheme.None), grant.Tokens.RefreshToken, null), Caller.Anonymous));
        var wrongScheme = Assert.ThrowsAsync<OAuthException>(() => SendAsync(
            new RevokeTokenCommand(new ClientCredentials(grant.Client.ClientId, "secret", ClientCredentialsScheme.Post), grant.Tokens.RefreshToken, null), Caller.Anonymous));

        Assert.That((missing!.Error, unknownClient!.Error, wrongScheme!.Error), Is.EqualTo((OAuthErrors.InvalidRequest, OAuthErrors.InvalidClient, OAuthErrors.InvalidClient)));
        Assert.That(await IsLiveAsync(grant.Tokens.RefreshToken!), Is.True);
    }

    [Test]
    public async Task A_token_with_a_nul_is_answered_like_an_unknown_one_not_a_database_error()
    {
        var grant = await GrantAsync(await NewUserAsync());

        await SendAsync(new RevokeTokenCommand(Public(grant.Client), "a\0b", null), Caller.Anonymous);

        Assert.That(await IsLiveAsync(grant.Tokens.RefreshToken!), Is.True);
    }
}
