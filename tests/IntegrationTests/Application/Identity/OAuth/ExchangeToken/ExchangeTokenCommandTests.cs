using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Application.Identity.OAuth.RegisterClient;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.ExchangeToken;

public sealed class ExchangeTokenCommandTests : IdentitySetup
{
    private Task<TokenResponseDto> RedeemAsync(RegisteredClientDto client, string code, string verifier, ClientCredentials? credentials = null) =>
        SendAsync(new ExchangeTokenCommand(credentials ?? Public(client), GrantTypes.AuthorizationCode, code, RedirectUri, verifier), Caller.Anonymous);

    private Task<TokenResponseDto> RefreshAsync(RegisteredClientDto client, string? refreshToken, string? scope = null) =>
        SendAsync(new ExchangeTokenCommand(Public(client), GrantTypes.RefreshToken, RefreshToken: refreshToken, Scope: scope), Caller.Anonymous);

    private static string ErrorOf(Func<Task> action) => Assert.ThrowsAsync<OAuthException>(action)!.Error;

    [Test]
    public async Task A_code_is_exchanged_once_for_a_bearer_jwt_and_with_offline_access_a_refresh_token()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var verifier = NewVerifier();
        var code = await ConsentAsync(user, client, verifier, "tasks:write offline_access tasks:read");

        var tokens = await RedeemAsync(client, code, verifier);

        Assert.That(tokens.TokenType, Is.EqualTo("Bearer"));
        Assert.That(tokens.AccessToken.Split('.'), Has.Length.EqualTo(3));
        Assert.That(tokens.ExpiresIn, Is.GreaterThan(0));
        Assert.That(tokens.Scope, Is.EqualTo("tasks:read tasks:write offline_access"));
        Assert.That(tokens.RefreshToken, Is.Not.Null);
        var codeHash = OAuthSecrets.Hash(code);
        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.Where(c => c.CodeHash == codeHash).Select(c => c.ConsumedAt).SingleAsync()), Is.Not.Null);
        var refreshHash = OAuthSecrets.Hash(tokens.RefreshToken!);
        var stored = await InDatabaseAsync(db => db.OAuthRefreshTokens.SingleAsync(t => t.TokenHash == refreshHash));
        Assert.That((stored.UserId, stored.Scope, stored.RevokedAt), Is.EqualTo((user.Id, "tasks:read tasks:write offline_access", (DateTimeOffset?)null)));
    }

    [Test]
    public async Task Without_offline_access_there_is_no_refresh_token()
    {
        var grant = await GrantAsync(await NewUserAsync(), scope: "tasks:read");

        Assert.That(grant.Tokens.RefreshToken, Is.Null);
        Assert.That(grant.Tokens.Scope, Is.EqualTo("tasks:read"));
    }

    [Test]
    public async Task A_replayed_code_is_refused_and_revokes_what_it_issued()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var verifier = NewVerifier();
        var code = await ConsentAsync(user, client, verifier);
        var tokens = await RedeemAsync(client, code, verifier);

        Assert.That(ErrorOf(() => RedeemAsync(client, code, verifier)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => RefreshAsync(client, tokens.RefreshToken)), Is.EqualTo(OAuthErrors.InvalidGrant));
    }

    [Test]
    public async Task A_wrong_verifier_redirect_uri_or_client_is_an_invalid_grant_and_leaves_the_code_unused()
    {
        var client = await RegisterClientAsync();
        var other = await RegisterClientAsync();
        var user = await NewUserAsync();
        var verifier = NewVerifier();
        var code = await ConsentAsync(user, client, verifier);

        Assert.That(ErrorOf(() => RedeemAsync(client, code, NewVerifier())), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(Public(client), GrantTypes.AuthorizationCode, code, "http://127.0.0.1:8765/other", verifier), Caller.Anonymous)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => RedeemAsync(other, code, verifier)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => RedeemAsync(client, "unknown-code", verifier)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That((await RedeemAsync(client, code, verifier)).AccessToken, Is.Not.Empty);
    }

    [Test]
    public async Task A_refresh_rotates_the_token_may_narrow_but_never_widen_and_a_reused_token_revokes_the_family()
    {
        var grant = await GrantAsync(await NewUserAsync(), scope: "tasks:read tasks:write offline_access");

        Assert.That(ErrorOf(() => RefreshAsync(grant.Client, grant.Tokens.RefreshToken, "organizations:read")), Is.EqualTo(OAuthErrors.InvalidScope));
        var narrowed = await RefreshAsync(grant.Client, grant.Tokens.RefreshToken, "tasks:read");

        Assert.That(narrowed.Scope, Is.EqualTo("tasks:read"));
        Assert.That(narrowed.RefreshToken, Is.Not.Null.And.Not.EqualTo(grant.Tokens.RefreshToken));

        // Within the reuse grace (60 s by default) the first token gets the same successor again, with
        // the full grant unless the repetition narrows it too (decision 0303).
        var again = await RefreshAsync(grant.Client, grant.Tokens.RefreshToken);
        Assert.That(again.RefreshToken, Is.EqualTo(narrowed.RefreshToken));
        Assert.That(again.Scope, Is.EqualTo("tasks:read tasks:write offline_access"));
        Assert.That(again.AccessToken, Is.Not.EqualTo(narrowed.AccessToken));

        // Once the successor has rotated on, the first token is a replay even inside the grace: the family is revoked.
        var next = await RefreshAsync(grant.Client, narrowed.RefreshToken);
        Assert.That(ErrorOf(() => RefreshAsync(grant.Client, grant.Tokens.RefreshToken)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => RefreshAsync(grant.Client, next.RefreshToken)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => RefreshAsync(grant.Client, narrowed.RefreshToken)), Is.EqualTo(OAuthErrors.InvalidGrant));
        var family = await InDatabaseAsync(db => db.OAuthRefreshTokens.Where(t => t.ClientId == db.OAuthClients.Single(c => c.ClientId == grant.Client.ClientId).Id).ToListAsync());
        Assert.That(family.All(t => t.RevokedAt is not null && t.ProtectedSuccessor is null), Is.True, "revoked, and no successor is kept any more");
    }

    [Test]
    public async Task A_disabled_user_can_no_longer_refresh()
    {
        var user = await NewUserAsync();
        var grant = await GrantAsync(user);
        var verifier = NewVerifier();
        var code = await ConsentAsync(user, grant.Client, verifier);
        await SendAsync(new DisableUserCommand(user.Id));

        Assert.That(ErrorOf(() => RefreshAsync(grant.Client, grant.Tokens.RefreshToken)), Is.EqualTo(OAuthErrors.InvalidGrant));
        Assert.That(ErrorOf(() => RedeemAsync(grant.Client, code, verifier)), Is.EqualTo(OAuthErrors.InvalidGrant));
    }

    [Test]
    public async Task The_client_must_authenticate_as_it_registered()
    {
        var confidential = await RegisterClientAsync(authMethod: ClientAuthMethods.ClientSecretPost);
        var user = await NewUserAsync();
        var verifier = NewVerifier();
        var code = await ConsentAsync(user, confidential, verifier);

        Assert.That(ErrorOf(() => RedeemAsync(confidential, code, verifier)), Is.EqualTo(OAuthErrors.InvalidClient));
        Assert.That(ErrorOf(() => RedeemAsync(confidential, code, verifier, new ClientCredentials(confidential.ClientId, "wrong", ClientCredentialsScheme.Post))), Is.EqualTo(OAuthErrors.InvalidClient));
        Assert.That(ErrorOf(() => RedeemAsync(confidential, code, verifier, new ClientCredentials(confidential.ClientId, confidential.ClientSecret, ClientCredentialsScheme.Basic))), Is.EqualTo(OAuthErrors.InvalidClient));
        Assert.That(ErrorOf(() => RedeemAsync(confidential, code, verifier, new ClientCredentials("no-such-client", null, ClientCredentialsScheme.None))), Is.EqualTo(OAuthErrors.InvalidClient));
        var tokens = await RedeemAsync(confidential, code, verifier, new ClientCredentials(confidential.ClientId, confidential.ClientSecret, ClientCredentialsScheme.Post));
        Assert.That(tokens.AccessToken, Is.Not.Empty);
    }

    [Test]
    public async Task Missing_unsupported_or_unregistered_grant_types_and_foreign_resources_are_refused()
    {
        var client = await RegisterClientAsync();
        var codeOnly = await SendAsync(
            new RegisterClientCommand(new ClientMetadata { RedirectUris = [RedirectUri], TokenEndpointAuthMethod = ClientAuthMethods.None }), Caller.Anonymous);

        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(Public(client), null), Caller.Anonymous)), Is.EqualTo(OAuthErrors.InvalidRequest));
        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(Public(client), "password"), Caller.Anonymous)), Is.EqualTo(OAuthErrors.UnsupportedGrantType));
        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(Public(codeOnly), GrantTypes.RefreshToken, RefreshToken: "x"), Caller.Anonymous)), Is.EqualTo(OAuthErrors.UnauthorizedClient));
        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(Public(client), GrantTypes.AuthorizationCode), Caller.Anonymous)), Is.EqualTo(OAuthErrors.InvalidRequest));
        Assert.That(ErrorOf(() => RefreshAsync(client, null)), Is.EqualTo(OAuthErrors.InvalidRequest));
        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(Public(client), GrantTypes.RefreshToken, RefreshToken: "x", Resources: ["https://elsewhere.example/api/mcp"]), Caller.Anonymous)), Is.EqualTo(OAuthErrors.InvalidTarget));
    }

    [Test]
    public void A_client_id_with_a_nul_is_an_invalid_client_not_a_database_error() =>
        Assert.That(ErrorOf(() => SendAsync(new ExchangeTokenCommand(new ClientCredentials("a\0b", null, ClientCredentialsScheme.None), GrantTypes.AuthorizationCode, "c", RedirectUri, NewVerifier()), Caller.Anonymous)), Is.EqualTo(OAuthErrors.InvalidClient));
}
