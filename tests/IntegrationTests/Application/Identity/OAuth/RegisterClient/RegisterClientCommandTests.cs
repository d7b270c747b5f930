using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.RegisterClient;

public sealed class RegisterClientCommandTests : IdentitySetup
{
    private static ClientMetadata Valid(string? name = "Registered App") => new()
    {
        ClientName = name,
        RedirectUris = [RedirectUri, "cursor://callback", RedirectUri],
        TokenEndpointAuthMethod = ClientAuthMethods.None,
        GrantTypes = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.RefreshToken],
        Scope = "offline_access tasks:read",
        ClientUri = "https://app.example",
        SoftwareId = "  app-id  ",
        ApplicationType = "native",
    };

    private Task<RegisteredClientDto> RegisterAsync(ClientMetadata metadata, Caller? caller = null) =>
        SendAsync(new RegisterClientCommand(metadata), caller ?? Caller.Anonymous);

    private static string ErrorOf(Func<Task> action) => Assert.ThrowsAsync<OAuthException>(action)!.Error;

    [Test]
    public async Task Anyone_registers_a_public_client_which_gets_no_secret_and_normalized_metadata()
    {
        var registered = await RegisterAsync(Valid());

        Assert.That(registered.ClientId, Has.Length.EqualTo(32));
        Assert.That(registered.ClientSecret, Is.Null);
        Assert.That(registered.TokenEndpointAuthMethod, Is.EqualTo(ClientAuthMethods.None));
        Assert.That(registered.RedirectUris, Is.EqualTo(new[] { RedirectUri, "cursor://callback" }));
        Assert.That(registered.GrantTypes, Is.EqualTo(new[] { GrantTypes.AuthorizationCode, GrantTypes.RefreshToken }));
        Assert.That(registered.ResponseTypes, Is.EqualTo(new[] { "code" }));
        Assert.That(registered.Scope, Is.EqualTo("tasks:read offline_access"));
        Assert.That((registered.ClientName, registered.SoftwareId, registered.ApplicationType), Is.EqualTo(("Registered App", "app-id", "native")));
        var stored = await InDatabaseAsync(db => db.OAuthClients.SingleAsync(c => c.ClientId == registered.ClientId));
        Assert.That((stored.SecretHash, stored.ClientName, stored.Scope), Is.EqualTo(((byte[]?)null, "Registered App", "tasks:read offline_access")));
        Assert.That(stored.RedirectUris, Is.EqualTo(registered.RedirectUris));
    }

    [Test]
    public async Task A_confidential_client_gets_a_secret_that_is_stored_only_as_its_hash()
    {
        var user = await NewUserAsync();

        var registered = await RegisterAsync(new ClientMetadata { RedirectUris = ["https://app.example/cb"] }, user.Caller);

        Assert.That(registered.TokenEndpointAuthMethod, Is.EqualTo(ClientAuthMethods.ClientSecretBasic));
        Assert.That(registered.GrantTypes, Is.EqualTo(new[] { GrantTypes.AuthorizationCode }));
        Assert.That(registered.ClientSecret, Has.Length.EqualTo(43));
        var stored = await InDatabaseAsync(db => db.OAuthClients.SingleAsync(c => c.ClientId == registered.ClientId));
        Assert.That(stored.SecretHash, Is.EqualTo(OAuthSecrets.Hash(registered.ClientSecret!)));
    }

    [Test]
    public void Unusable_redirect_uris_are_invalid_redirect_uri()
    {
        foreach (var uris in new[] { Array.Empty<string>(), ["javascript:alert(1)"], ["http://app.example/cb"], ["https://app.example/cb#frag"], ["https://app.example/c b"], ["https://app.example/a\0b"] })
        {
            Assert.That(ErrorOf(() => RegisterAsync(Valid() with { RedirectUris = uris })), Is.EqualTo(OAuthErrors.InvalidRedirectUri), string.Join(",", uris));
        }

        Assert.That(ErrorOf(() => RegisterAsync(Valid() with { RedirectUris = null })), Is.EqualTo(OAuthErrors.InvalidRedirectUri));
    }

    [Test]
    public async Task Invalid_metadata_is_invalid_client_metadata_and_nothing_is_stored()
    {
        var before = await InDatabaseAsync(db => db.OAuthClients.CountAsync());
        ClientMetadata[] invalid =
        [
            Valid() with { TokenEndpointAuthMethod = "private_key_jwt" },
            Valid() with { GrantTypes = [GrantTypes.RefreshToken] },
            Valid() with { GrantTypes = ["implicit", GrantTypes.AuthorizationCode] },
            Valid() with { ResponseTypes = ["token"] },
            Valid() with { Scope = "tasks:read admin" },
            Valid() with { ApplicationType = "desktop" },
            Valid() with { ClientUri = "ftp://app.example" },
            Valid() with { ClientName = new string('n', OAuthClient.MaxNameLength + 1) },
            Valid() with { ClientName = "a\0b" },
            Valid() with { Contacts = Enumerable.Repeat("a@example.com", OAuthClient.MaxContacts + 1).ToArray() },
        ];

        foreach (var metadata in invalid)
        {
            Assert.That(ErrorOf(() => RegisterAsync(metadata)), Is.EqualTo(OAuthErrors.InvalidClientMetadata), metadata.ToString());
        }

        Assert.That(await InDatabaseAsync(db => db.OAuthClients.CountAsync()), Is.EqualTo(before));
    }

    [Test]
    public async Task A_lone_surrogate_in_the_metadata_is_invalid_client_metadata_not_a_database_error()
    {
        var before = await InDatabaseAsync(db => db.OAuthClients.CountAsync());

        Assert.That(ErrorOf(() => RegisterAsync(Valid("App \ud800"))), Is.EqualTo(OAuthErrors.InvalidClientMetadata));
        Assert.That(ErrorOf(() => RegisterAsync(Valid() with { SoftwareVersion = "\udc00" })), Is.EqualTo(OAuthErrors.InvalidClientMetadata));
        Assert.That(await InDatabaseAsync(db => db.OAuthClients.CountAsync()), Is.EqualTo(before));
    }
}
