using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Identity.OAuth;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Identity.OAuth.DecideConsent;
using Platform.Domain.Identity.OAuth;

namespace Platform.IntegrationTests.Application.Identity.OAuth.DecideConsent;

public sealed class DecideConsentCommandTests : IdentitySetup
{
    [Test]
    public async Task Allowing_remembers_the_consent_and_issues_a_code_for_the_user()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();

        var outcome = await SendAsync(new DecideConsentCommand(AuthorizationFor(client, NewVerifier(), "tasks:read", state: "s1"), Allow: true), user.Caller);

        var redirect = outcome as AuthorizationRedirect;
        Assert.That(redirect, Is.Not.Null, outcome.ToString());
        Assert.That(QueryValue(redirect!.Location, "state"), Is.EqualTo("s1"));
        var consent = await InDatabaseAsync(db => db.OAuthConsents.SingleAsync(c => c.UserId == user.Id));
        Assert.That(consent.Scope, Is.EqualTo("tasks:read"));
        var hash = OAuthSecrets.Hash(QueryValue(redirect.Location, "code")!);
        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.AnyAsync(c => c.CodeHash == hash && c.UserId == user.Id && c.ClientId == consent.ClientId)), Is.True);
    }

    [Test]
    public async Task Allowing_again_with_other_scopes_extends_the_one_consent()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        await ConsentAsync(user, client, NewVerifier(), "tasks:read");

        await ConsentAsync(user, client, NewVerifier(), "organizations:read offline_access");

        var consents = await InDatabaseAsync(db => db.OAuthConsents.Where(c => c.UserId == user.Id).Select(c => c.Scope).ToListAsync());
        Assert.That(consents, Is.EqualTo(new[] { "organizations:read tasks:read offline_access" }));
    }

    [Test]
    public async Task Denying_sends_access_denied_back_and_stores_nothing()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();

        var outcome = await SendAsync(new DecideConsentCommand(AuthorizationFor(client, NewVerifier(), state: "s2"), Allow: false), user.Caller);

        var location = ((AuthorizationRedirect)outcome).Location;
        Assert.That(QueryValue(location, "error"), Is.EqualTo(OAuthErrors.AccessDenied));
        Assert.That(QueryValue(location, "state"), Is.EqualTo("s2"));
        Assert.That(QueryValue(location, "code"), Is.Null);
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.AnyAsync(c => c.UserId == user.Id)), Is.False);
        Assert.That(await InDatabaseAsync(db => db.OAuthAuthorizationCodes.AnyAsync(c => c.UserId == user.Id)), Is.False);
    }

    [Test]
    public async Task Nobody_signed_in_or_a_bearer_token_must_log_in_first()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();

        Assert.That(await SendAsync(new DecideConsentCommand(AuthorizationFor(client, NewVerifier()), true), Caller.Anonymous), Is.TypeOf<AuthorizationLoginRequired>());
        Assert.That(await SendAsync(new DecideConsentCommand(AuthorizationFor(client, NewVerifier()), true), user.Caller.WithScopes(Scopes.TasksWrite)), Is.TypeOf<AuthorizationLoginRequired>());
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.AnyAsync(c => c.UserId == user.Id)), Is.False);
    }

    [Test]
    public async Task The_request_is_validated_again()
    {
        var client = await RegisterClientAsync();
        var user = await NewUserAsync();
        var request = AuthorizationFor(client, NewVerifier());

        Assert.That(await SendAsync(new DecideConsentCommand(request with { RedirectUri = "https://evil.example/cb" }, true), user.Caller), Is.TypeOf<AuthorizationErrorPage>());
        var badScope = await SendAsync(new DecideConsentCommand(request with { Scope = "everything" }, true), user.Caller);
        Assert.That(QueryValue(((AuthorizationRedirect)badScope).Location, "error"), Is.EqualTo(OAuthErrors.InvalidScope));
        Assert.That(await InDatabaseAsync(db => db.OAuthConsents.AnyAsync(c => c.UserId == user.Id)), Is.False);
    }
}
