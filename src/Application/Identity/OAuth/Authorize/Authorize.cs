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
    IOAuthDbContext db, ICurrentUser currentUser, AuthorizationRequestValidator validator, AuthorizationCodeIssuer codes)
    : IRequestHandler<AuthorizeCommand, AuthorizationOutcome>
{
    public async Task<AuthorizationOutcome> Handle(AuthorizeCommand command, CancellationToken cancellationToken)
    {
        var (request, failure) = await validator.ValidateAsync(command.Request, cancellationToken);
        if (request is null)
        {
            return failure!;
        }

        var user = await ConsentingUser.FindAsync(db, currentUser, cancellationToken);
        if (user is null)
        {
            return new AuthorizationLoginRequired(command.Request, request.Client.DisplayName);
        }

        var consent = await db.OAuthConsents.AsNoTracking()
            .FirstOrDefaultAsync(c => c.UserId == user.Value.Id && c.ClientId == request.Client.Id, cancellationToken);
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
            user.Value.Email);
        return new AuthorizationConsentRequired(command.Request, prompt);
    }
}
