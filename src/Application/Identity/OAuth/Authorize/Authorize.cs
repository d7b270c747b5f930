using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.Authorize;

/// <summary>
/// GET /authorize: validates the request, then asks for a login, asks for consent, or — when the
/// signed-in user already allowed these scopes to this client — issues the code straight away.
/// </summary>
[AllowAnonymous]
[TextRuleExempt(OAuthText.Reason)]
public sealed record AuthorizeCommand(AuthorizationRequest Request) : IRequest<AuthorizationOutcome>;

internal sealed class AuthorizeCommandHandler(
    IOAuthDbContext db, ICurrentUser currentUser, AuthorizationRequestValidator validator, AuthorizationCodeIssuer codes, IOAuthServerSettings settings)
    : IRequestHandler<AuthorizeCommand, AuthorizationOutcome>
{
    public async Task<AuthorizationOutcome> Handle(AuthorizeCommand command, CancellationToken cancellationToken)
    {
        var (request, failure) = await validator.ValidateAsync(command.Request, cancellationToken);
        if (request is null)
        {
            return failure is AuthorizationRedirect redirect ? await ErrorBeforeInteractionAsync(command.Request, redirect, cancellationToken) : failure!;
        }

        var user = await ConsentingUser.FindAsync(db, currentUser, cancellationToken);
        if (user is null)
        {
            return new AuthorizationLoginRequired(command.Request, request.Client.DisplayName);
        }

        var consentResource = request.ConsentResource(settings);
        var consent = await db.OAuthConsents.AsNoTracking()
            .FirstOrDefaultAsync(c => c.UserId == user.Value.Id && c.ClientId == request.Client.Id && c.Resource == consentResource, cancellationToken);
        if (consent is not null && consent.Covers(request.Scopes))
        {
            return await codes.IssueAsync(request, user.Value.Id, cancellationToken);
        }

        var prompt = new ConsentPromptDto(
            request.Client.DisplayName,
            request.Client.ClientId,
            RedirectUriPolicy.DisplayHost(request.RedirectUri),
            request.Scopes.Select(s => new ScopeDescriptionDto(s, OAuthScopes.Describe(s))).ToArray(),
            user.Value.Name,
            user.Value.Email,
            request.ResourceUri(settings),
            OAuthScopes.DescribeResource(request.ResourceUri(settings) == settings.BoardsResource),
            request.Client.IsMetadataDocumentClient ? ClientIdMetadataDocument.Host(request.Client.ClientId) : null,
            request.Client.RedirectsOnlyToLocalhost);
        return new AuthorizationConsentRequired(command.Request, prompt);
    }

    /// <summary>
    /// RFC 9700 §4.11.2 (security review finding 3): an error found before any user interaction (nobody
    /// signed in, or no remembered consent of the signed-in user for this client) is shown here, never
    /// redirected, or anyone who registers a redirect URI could use /authorize as an open redirector.
    /// Once the user has allowed the client, its errors go back to it with state and iss.
    /// </summary>
    private async Task<AuthorizationOutcome> ErrorBeforeInteractionAsync(AuthorizationRequest request, AuthorizationRedirect redirect, CancellationToken ct)
    {
        var user = await ConsentingUser.FindAsync(db, currentUser, ct);
        var allowed = user is not null && await db.OAuthConsents.AnyAsync(
            c => c.UserId == user.Value.Id && db.OAuthClients.Any(k => k.Id == c.ClientId && k.ClientId == request.ClientId), ct);
        if (allowed)
        {
            return redirect;
        }

        var description = ClientRedirect.DescriptionOf(redirect.Location) ?? "the authorization request is invalid";
        return new AuthorizationErrorPage($"This application sent an invalid authorization request ({description}). Ask it to connect again.");
    }
}
