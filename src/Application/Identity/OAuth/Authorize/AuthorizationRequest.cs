using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Common.Telemetry;
using Platform.Application.Identity.OAuth.ClientMetadataDocuments;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.Authorize;

/// <summary>
/// The parameters of an authorization request (RFC 6749 §4.1.1 + PKCE + RFC 8707), exactly as
/// received. The same record travels through the login and consent forms and is validated again
/// at every step.
/// </summary>
public sealed record AuthorizationRequest
{
    public string? ResponseType { get; init; }

    public string? ClientId { get; init; }

    public string? RedirectUri { get; init; }

    public string? Scope { get; init; }

    public string? State { get; init; }

    public string? CodeChallenge { get; init; }

    public string? CodeChallengeMethod { get; init; }

    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Names of single-valued parameters that were sent more than once (RFC 6749 §3.1).</summary>
    public IReadOnlyList<string> RepeatedParameters { get; init; } = [];

    /// <summary>The request as name/value pairs, for the hidden fields of the forms and the way back to /authorize.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToParameters()
    {
        foreach (var (name, value) in new[]
                 {
                     ("response_type", ResponseType), ("client_id", ClientId), ("redirect_uri", RedirectUri), ("scope", Scope),
                     ("state", State), ("code_challenge", CodeChallenge), ("code_challenge_method", CodeChallengeMethod),
                 })
        {
            if (value is not null)
            {
                yield return new KeyValuePair<string, string>(name, value);
            }
        }

        foreach (var resource in Resources)
        {
            yield return new KeyValuePair<string, string>("resource", resource);
        }
    }
}

/// <summary>What the browser gets next.</summary>
public abstract record AuthorizationOutcome;

/// <summary>The client or redirect URI cannot be trusted: show the error, never redirect (RFC 6749 §4.1.2.1).</summary>
public sealed record AuthorizationErrorPage(string Message) : AuthorizationOutcome;

/// <summary>A 302 back to the client (a code, or an error once the redirect URI is trusted).</summary>
public sealed record AuthorizationRedirect(string Location) : AuthorizationOutcome;

/// <summary>Nobody is signed in: show the login page, then come back with the same request.</summary>
public sealed record AuthorizationLoginRequired(AuthorizationRequest Request, string ClientName) : AuthorizationOutcome;

/// <summary>The signed-in user has not allowed these scopes to this client yet.</summary>
public sealed record AuthorizationConsentRequired(AuthorizationRequest Request, ConsentPromptDto Prompt) : AuthorizationOutcome;

/// <summary>
/// What the consent page shows: the client's name, its id, where the user will be sent back to, the
/// host of its metadata document (URL client ids only, decision 0304), whether every redirect URI of
/// the client is on localhost (a warning), the scopes, who is signed in, and the protected resource the
/// token will be for (its URI and what it holds in words, e.g. "your projects and boards"; decision 0106).
/// </summary>
public sealed record ConsentPromptDto(
    string ClientName, string ClientId, string RedirectHost, IReadOnlyList<ScopeDescriptionDto> Scopes, string UserName, string UserEmail,
    string Resource, string ResourceDescription, string? MetadataDocumentHost = null, bool RedirectsOnlyToLocalhost = false);

public sealed record ScopeDescriptionDto(string Scope, string Description);

/// <summary>An authorization request that passed every check.</summary>
internal sealed record ValidatedAuthorization(
    OAuthClient Client, string RedirectUri, IReadOnlyList<string> Scopes, string? State, string CodeChallenge, string? Resource)
{
    /// <summary>The key of the remembered consent: one per user, client and resource (decision 0106).</summary>
    public string ConsentResource(IOAuthServerSettings settings) =>
        Resource is null || Resource == settings.Resource ? OAuthConsent.DefaultResource : Resource;

    /// <summary>The URI of the resource the token will be for (no <c>resource</c>: the default one).</summary>
    public string ResourceUri(IOAuthServerSettings settings) => Resource ?? settings.Resource;
}

/// <summary>
/// The checks of /authorize, in the order that keeps redirects safe: first the client and the
/// redirect URI (failures are shown, never redirected), then everything else (failures go back to
/// the client with <c>error</c>, <c>state</c> and <c>iss</c>).
/// </summary>
internal sealed class AuthorizationRequestValidator(OAuthClientResolver clients, IOAuthServerSettings settings)
{
    public const int MaxStateLength = 2048;

    private static readonly HashSet<string> PreRedirectParameters = new(StringComparer.Ordinal) { "client_id", "redirect_uri" };

    public async Task<(ValidatedAuthorization? Valid, AuthorizationOutcome? Failure)> ValidateAsync(AuthorizationRequest request, CancellationToken ct)
    {
        if (request.RepeatedParameters.FirstOrDefault(PreRedirectParameters.Contains) is { } repeated)
        {
            return Page($"The parameter {repeated} was sent more than once.");
        }

        if (string.IsNullOrEmpty(request.ClientId))
        {
            return Page("The request has no client_id.");
        }

        var lookup = await clients.FindForAuthorizationAsync(request.ClientId, ct);
        if (lookup.Client is not { } client)
        {
            return lookup == ClientMetadataDocumentLookup.UnknownClient
                ? Page("This application is not registered with this server (unknown client_id). Ask it to connect again.")
                : Page($"This application's client ID metadata document cannot be used ({lookup.Error}: {lookup.Description}).");
        }

        if (string.IsNullOrEmpty(request.RedirectUri))
        {
            return Page("The request has no redirect_uri.");
        }

        if (!client.AllowsRedirectUri(request.RedirectUri))
        {
            return Page("The redirect_uri is not registered for this application, so this server will not send you back to it.");
        }

        // From here on the redirect URI is trusted.
        var redirectUri = request.RedirectUri;
        var state = request.State is { Length: <= MaxStateLength } s && !request.RepeatedParameters.Contains("state") ? s : null;
        AuthorizationOutcome Fail(string error, string description) =>
            new AuthorizationRedirect(ClientRedirect.Error(redirectUri, error, description, state, settings.Issuer));

        if (request.RepeatedParameters.Count > 0)
        {
            return (null, Fail(OAuthErrors.InvalidRequest, $"the parameter {request.RepeatedParameters[0]} was sent more than once"));
        }

        if (request.State is { Length: > MaxStateLength })
        {
            return (null, Fail(OAuthErrors.InvalidRequest, $"state is longer than {MaxStateLength} characters"));
        }

        if (string.IsNullOrEmpty(request.ResponseType))
        {
            return (null, Fail(OAuthErrors.InvalidRequest, "response_type is required"));
        }

        if (request.ResponseType != "code")
        {
            return (null, Fail(OAuthErrors.UnsupportedResponseType, "only response_type=code is supported"));
        }

        if (string.IsNullOrEmpty(request.CodeChallenge))
        {
            return (null, Fail(OAuthErrors.InvalidRequest, "PKCE is required: send code_challenge with code_challenge_method=S256"));
        }

        if (request.CodeChallengeMethod != Pkce.S256)
        {
            return (null, Fail(OAuthErrors.InvalidRequest, "code_challenge_method must be S256"));
        }

        if (!Pkce.IsValidChallenge(request.CodeChallenge))
        {
            return (null, Fail(OAuthErrors.InvalidRequest, "code_challenge must be 43 base64url characters (S256)"));
        }

        var (resource, targetError) = ResourceIndicator.Resolve(request.Resources, settings);
        if (targetError is not null)
        {
            return (null, Fail(OAuthErrors.InvalidTarget, targetError));
        }

        if (!OAuthScopes.TryParse(string.IsNullOrWhiteSpace(request.Scope) ? null : request.Scope, out var scopes, out var unknown))
        {
            return (null, Fail(OAuthErrors.InvalidScope, $"unknown scope '{unknown}'"));
        }

        // A token has one audience: scopes of the other resource are left out (RFC 6749 §3.3 lets the
        // server grant less than asked; the token response names what was granted), and a request left
        // with none of the resource's scopes is refused.
        var resourceScopes = ResourceIndicator.ScopesOf(resource, settings);
        if (scopes.Count == 0)
        {
            scopes = client.DefaultScopes().Where(resourceScopes.Contains).ToArray() is { Length: > 0 } registered ? registered : resourceScopes;
        }
        else if (scopes.Any(s => s != OAuthScopes.OfflineAccess && !resourceScopes.Contains(s)))
        {
            scopes = scopes.Where(s => s == OAuthScopes.OfflineAccess || resourceScopes.Contains(s)).ToArray();
            if (!scopes.Any(resourceScopes.Contains))
            {
                return (null, Fail(OAuthErrors.InvalidScope, $"none of the requested scopes grants access to {resource ?? settings.Resource}; its scopes are {string.Join(' ', resourceScopes)}"));
            }
        }

        return (new ValidatedAuthorization(client, redirectUri, scopes, state, request.CodeChallenge, resource), null);
    }

    private static (ValidatedAuthorization?, AuthorizationOutcome?) Page(string message) => (null, new AuthorizationErrorPage(message));
}

/// <summary>The way back to the client: query parameters appended to the redirect URI (RFC 6749 §4.1.2, RFC 9207).</summary>
internal static class ClientRedirect
{
    public static string Code(string redirectUri, string code, string? state, string issuer) =>
        Build(redirectUri, [("code", code), ("state", state), ("iss", issuer)]);

    public static string Error(string redirectUri, string error, string description, string? state, string issuer) =>
        Build(redirectUri, [("error", error), ("error_description", description), ("state", state), ("iss", issuer)]);

    /// <summary>The <c>error_description</c> of an error redirect built by <see cref="Error"/>.</summary>
    public static string? DescriptionOf(string location)
    {
        var query = location.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? location[(q + 1)..] : "";
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith("error_description=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["error_description=".Length..].Replace('+', ' '));
            }
        }

        return null;
    }

    private static string Build(string redirectUri, IEnumerable<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(redirectUri);
        var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}

/// <summary>Issues the authorization code of a validated, consented request.</summary>
internal sealed class AuthorizationCodeIssuer(IOAuthDbContext db, IOAuthServerSettings settings, TimeProvider clock, PlatformMetrics metrics)
{
    /// <summary>Consumed and expired codes are kept this long for replay detection, then deleted.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public async Task<AuthorizationRedirect> IssueAsync(ValidatedAuthorization request, int userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var code = OAuthSecrets.NewToken();
        db.OAuthAuthorizationCodes.Add(OAuthAuthorizationCode.Issue(
            OAuthSecrets.Hash(code), request.Client.Id, userId, request.RedirectUri, request.CodeChallenge, request.Scopes, request.Resource, now));
        await db.SaveChangesAsync(ct);
        metrics.AuthorizationCodeIssued();

        var horizon = now - OAuthAuthorizationCode.Lifetime - Retention;
        await db.OAuthAuthorizationCodes.Where(c => c.ExpiresAt < horizon).ExecuteDeleteAsync(ct);

        return new AuthorizationRedirect(ClientRedirect.Code(request.RedirectUri, code, request.State, settings.Issuer));
    }
}

/// <summary>Who may answer a consent page: a user signed in with a session cookie (never a bearer token).</summary>
internal static class ConsentingUser
{
    public static async Task<(int Id, string Name, string Email)?> FindAsync(IOAuthDbContext db, ICurrentUser currentUser, CancellationToken ct)
    {
        if (currentUser.UserId is not { } id || currentUser.Scopes is not null)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == id && u.DisabledAt == null)
            .Select(u => new { u.Id, u.Name, u.Email }).FirstOrDefaultAsync(ct);
        return user is null ? null : (user.Id, user.Name, user.Email);
    }
}
