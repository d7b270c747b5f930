using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Admin.Users.DisableUser;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.Authorize;

public sealed class AuthorizeCommandTests : IdentitySetup
{
    private Task<int> CodeCountAsync(int userId) => InDatabaseAsync(db => db.OAuthAuthorizationCodes.CountAsync(c => c.UserId == userId));

    [Test]
    public async Task Nobody_signed_in_is_asked_to_log_in_with_the_same_request()
    {
        var client = await RegisterClientAsync("Login Client");
        var request = AuthorizationFor(client, NewVerifier());

        var outcome = await SendAsync(new AuthorizeCommand(request), Caller.Anonymous);

        var login = outcome as AuthorizationLoginRequired;
        Assert.That(login, Is.Not.Null, outcome.ToString());
        Assert.That(login!.ClientName, Is.EqualTo("Login Client"));
        Assert.That(login.Request, Is.EqualTo(request));
    }

    [Test]
    public async Task A_bearer_token_or_a_disabled_account_never_answers_for_a_user()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var disabled = await NewUserAsync();
        await SendAsync(new DisableUserCommand(disabled.Id));

        Assert.That(await SendAsync(new AuthorizeCommand(AuthorizationFor(client, NewVerifier())), user.Caller.WithScopes(Scopes.TasksRead)), Is.TypeOf<AuthorizationLoginRequired>());
        Assert.That(await SendAsync(new AuthorizeCommand(AuthorizationFor(client, NewVerifier())), disabled.Caller), Is.TypeOf<AuthorizationLoginRequired>());
    }

    [Test]
    public async Task A_signed_in_user_without_consent_gets_the_consent_prompt_and_no_code()
    {
        var client = await RegisterClientAsync("Prompt Client");
        var user = await NewUserAsync("user", "Prompted User");

        var outcome = await SendAsync(new AuthorizeCommand(AuthorizationFor(client, NewVerifier(), "offline_access tasks:read")), user.Caller);

        var consent = outcome as AuthorizationConsentRequired;
        Assert.That(consent, Is.Not.Null, outcome.ToString());
        var prompt = consent!.Prompt;
        Assert.That((prompt.ClientName, prompt.ClientId, prompt.RedirectHost), Is.EqualTo(("Prompt Client", client.ClientId, "127.0.0.1:8765")));
        Assert.That((prompt.UserName, prompt.UserEmail), Is.EqualTo(("Prompted User", user.Email)));
        Assert.That(prompt.Scopes.Select(s => s.Scope), Is.EqualTo(new[] { "tasks:read", "offline_access" }));
        Assert.That(prompt.Scopes[0].Description, Is.EqualTo("Read your tasks"));
        Assert.That(await CodeCountAsync(user.Id), Is.Zero);
    }

    [Test]
    public async Task With_a_consent_that_covers_the_scopes_the_code_is_issued_straight_away()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        await ConsentAsync(user, client, NewVerifier(), "tasks:read tasks:write");

        var outcome = await SendAsync(new AuthorizeCommand(AuthorizationFor(client, NewVerifier(), "tasks:write", state: "xyz")), user.Caller);
        var wider = await SendAsync(new AuthorizeCommand(AuthorizationFor(client, NewVerifier(), "organizations:read")), user.Caller);

        var redirect = outcome as AuthorizationRedirect;
        Assert.That(redirect, Is.Not.Null, outcome.ToString());
        Assert.That(redirect!.Location, Does.StartWith(RedirectUri + "?code="));
        Assert.That(QueryValue(redirect.Location, "state"), Is.EqualTo("xyz"));
        Assert.That(QueryValue(redirect.Location, "iss"), Does.EndWith("/auth"));
        var hash = OAuthSecrets.Hash(QueryValue(redirect.Location, "code")!);
        var code = await InDatabaseAsync(db => db.OAuthAuthorizationCodes.SingleAsync(c => c.CodeHash == hash));
        Assert.That((code.UserId, code.Scope, code.ConsumedAt), Is.EqualTo((user.Id, "tasks:write", (DateTimeOffset?)null)));
        Assert.That(wider, Is.TypeOf<AuthorizationConsentRequired>());
    }

    [Test]
    public async Task An_unknown_client_or_an_unregistered_redirect_uri_is_shown_as_an_error_page_never_redirected()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var request = AuthorizationFor(client, NewVerifier());

        Assert.That(await SendAsync(new AuthorizeCommand(request with { ClientId = "no-such-client" }), user.Caller), Is.TypeOf<AuthorizationErrorPage>());
        Assert.That(await SendAsync(new AuthorizeCommand(request with { ClientId = null }), user.Caller), Is.TypeOf<AuthorizationErrorPage>());
        Assert.That(await SendAsync(new AuthorizeCommand(request with { RedirectUri = "https://evil.example/cb" }), user.Caller), Is.TypeOf<AuthorizationErrorPage>());
        Assert.That(await SendAsync(new AuthorizeCommand(request with { RepeatedParameters = ["client_id"] }), user.Caller), Is.TypeOf<AuthorizationErrorPage>());
    }

    [TestCase("token", null, "S256", null, "unsupported_response_type")]
    [TestCase("code", "tasks:read admin:all", "S256", null, "invalid_scope")]
    [TestCase("code", null, "plain", null, "invalid_request")]
    [TestCase("code", null, "S256", "https://elsewhere.example/api/mcp", "invalid_target")]
    public async Task Other_invalid_requests_go_back_to_the_client_with_the_error_and_the_state_once_the_user_allowed_it(
        string responseType, string? scope, string method, string? resource, string error)
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var request = AuthorizationFor(client, NewVerifier(), scope, state: "keep-me") with
        {
            ResponseType = responseType,
            CodeChallengeMethod = method,
            Resources = resource is null ? [] : [resource],
        };

        // Before any consent (RFC 9700 §4.11.2): shown here, not redirected.
        Assert.That(await SendAsync(new AuthorizeCommand(request), user.Caller), Is.TypeOf<AuthorizationErrorPage>());
        await ConsentAsync(user, client, NewVerifier());
        var codesBefore = await CodeCountAsync(user.Id);

        var outcome = await SendAsync(new AuthorizeCommand(request), user.Caller);

        var redirect = outcome as AuthorizationRedirect;
        Assert.That(redirect, Is.Not.Null, outcome.ToString());
        Assert.That(QueryValue(redirect!.Location, "error"), Is.EqualTo(error));
        Assert.That(QueryValue(redirect.Location, "state"), Is.EqualTo("keep-me"));
        Assert.That(QueryValue(redirect.Location, "code"), Is.Null);
        Assert.That(await CodeCountAsync(user.Id), Is.EqualTo(codesBefore));
    }

    [Test]
    public async Task A_missing_pkce_challenge_is_an_invalid_request()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var request = AuthorizationFor(client, NewVerifier()) with { CodeChallenge = null };

        var shown = await SendAsync(new AuthorizeCommand(request), Caller.Anonymous);
        await ConsentAsync(user, client, NewVerifier());
        var outcome = await SendAsync(new AuthorizeCommand(request), user.Caller);

        Assert.That(shown, Is.TypeOf<AuthorizationErrorPage>().With.Property("Message").Contains("PKCE is required"));
        Assert.That(QueryValue(((AuthorizationRedirect)outcome).Location, "error"), Is.EqualTo(OAuthErrors.InvalidRequest));
    }

    [Test]
    public async Task A_client_id_with_a_nul_is_an_unknown_client_not_a_database_error()
    {
        var client = await RegisterClientAsync();

        var outcome = await SendAsync(new AuthorizeCommand(AuthorizationFor(client, NewVerifier()) with { ClientId = "a\0b" }), Caller.Anonymous);

        Assert.That(outcome, Is.TypeOf<AuthorizationErrorPage>());
    }
}
