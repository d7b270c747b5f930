using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Domain.Identity.OAuth;

namespace Platform.Application.Identity.OAuth.DecideConsent;

/// <summary>
/// The consent page's answer. The request is validated again (it came back through a form);
/// allow remembers the consent and issues a code, deny sends <c>access_denied</c> back.
/// </summary>
[AllowAnonymous]
[TextRuleExempt(OAuthText.Reason)]
public sealed record DecideConsentCommand(AuthorizationRequest Request, bool Allow) : IRequest<AuthorizationOutcome>;

internal sealed class DecideConsentCommandHandler(
    IOAuthDbContext db,
    ICurrentUser currentUser,
    AuthorizationRequestValidator validator,
    AuthorizationCodeIssuer codes,
    IOAuthServerSettings settings,
    TimeProvider clock)
    : IRequestHandler<DecideConsentCommand, AuthorizationOutcome>
{
    public async Task<AuthorizationOutcome> Handle(DecideConsentCommand command, CancellationToken cancellationToken)
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

        if (!command.Allow)
        {
            return new AuthorizationRedirect(ClientRedirect.Error(
                request.RedirectUri, OAuthErrors.AccessDenied, "the user denied access", request.State, settings.Issuer));
        }

        await RememberConsentAsync(user.Value.Id, request, cancellationToken);
        return await codes.IssueAsync(request, user.Value.Id, cancellationToken);
    }

    private async Task RememberConsentAsync(int userId, ValidatedAuthorization request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var resource = request.ConsentResource(settings);
        var consent = await db.OAuthConsents.FirstOrDefaultAsync(c => c.UserId == userId && c.ClientId == request.Client.Id && c.Resource == resource, ct);
        if (consent is not null)
        {
            consent.Extend(request.Scopes, now);
            await db.SaveChangesAsync(ct);
            return;
        }

        var created = OAuthConsent.Grant(userId, request.Client.Id, resource, request.Scopes, now);
        db.OAuthConsents.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same user allowed the same client in another tab at the same moment: extend theirs.
            db.OAuthConsents.Entry(created).State = EntityState.Detached;
            var existing = await db.OAuthConsents.FirstAsync(c => c.UserId == userId && c.ClientId == request.Client.Id && c.Resource == resource, ct);
            existing.Extend(request.Scopes, now);
            await db.SaveChangesAsync(ct);
        }
    }
}
