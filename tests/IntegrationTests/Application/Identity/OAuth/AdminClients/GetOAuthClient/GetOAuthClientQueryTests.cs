using Platform.Application.Identity.OAuth.AdminClients.GetOAuthClient;
using Platform.Domain.Common;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.AdminClients.GetOAuthClient;

public sealed class GetOAuthClientQueryTests : IdentitySetup
{
    [Test]
    public async Task An_admin_reads_a_client_with_its_consents_and_live_refresh_tokens_but_no_secret()
    {
        var admin = await NewUserAsync("admin");
        var client = await RegisterClientAsync("Inspector Client");
        await GrantAsync(await NewUserAsync(), client);
        await GrantAsync(await NewUserAsync(), client, "tasks:read");

        var read = await SendAsync(new GetOAuthClientQuery(client.ClientId), admin.Caller);

        Assert.That(read.ClientId, Is.EqualTo(client.ClientId));
        Assert.That(read.ClientName, Is.EqualTo("Inspector Client"));
        Assert.That(read.TokenEndpointAuthMethod, Is.EqualTo(ClientAuthMethods.None));
        Assert.That(read.RedirectUris, Is.EqualTo(new[] { RedirectUri }));
        Assert.That(read.GrantTypes, Is.EqualTo(new[] { GrantTypes.AuthorizationCode, GrantTypes.RefreshToken }));
        Assert.That(read.CreatedAt, Is.EqualTo(client.ClientIdIssuedAt).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(read.Consents, Is.EqualTo(2));
        Assert.That(read.ActiveRefreshTokens, Is.EqualTo(1));
    }

    [Test]
    public async Task Nobody_signed_in_and_plain_users_are_refused()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();

        Assert.ThrowsAsync<AuthRequiredException>(() => SendAsync(new GetOAuthClientQuery(client.ClientId), Caller.Anonymous));
        Assert.ThrowsAsync<ForbiddenException>(() => SendAsync(new GetOAuthClientQuery(client.ClientId), user.Caller));
    }

    [Test]
    public void An_unknown_client_is_not_found()
    {
        var error = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new GetOAuthClientQuery("no-such-client")));

        Assert.That(error!.Details["clientId"], Is.EqualTo("no-such-client"));
    }

    [Test]
    public void A_client_id_that_cannot_be_text_is_a_validation_error()
    {
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetOAuthClientQuery("a\0b")));
        Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetOAuthClientQuery("\ud800")));
    }
}
