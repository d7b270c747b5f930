using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Application.Identity.OAuth.ExchangeToken;

namespace Platform.Application.Identity.OAuth.RevokeToken;

/// <summary>
/// POST /revoke (RFC 7009): revokes a refresh token and its whole family. Unknown tokens,
/// access tokens (self-contained JWTs, they expire within the hour) and other clients' tokens
/// are answered like a success, so the endpoint reveals nothing.
/// </summary>
[AllowAnonymous]
[TextRuleExempt(OAuthText.Reason)]
public sealed record RevokeTokenCommand(ClientCredentials Client, string? Token, string? TokenTypeHint) : IRequest<Unit>;

internal sealed class RevokeTokenCommandHandler(IOAuthDbContext db, ClientAuthenticator authenticator, TimeProvider clock)
    : IRequestHandler<RevokeTokenCommand, Unit>
{
    public async Task<Unit> Handle(RevokeTokenCommand request, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(request.Client, cancellationToken);
        if (string.IsNullOrEmpty(request.Token))
        {
            throw new Domain.Identity.OAuth.OAuthException(Domain.Identity.OAuth.OAuthErrors.InvalidRequest, "token is required");
        }

        if (request.Token.Length > OAuthSecrets.MaxPresentedLength)
        {
            return Unit.Value;
        }

        var hash = OAuthSecrets.Hash(request.Token);
        var token = await db.OAuthRefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is not null && token.ClientId == client.Id)
        {
            await RefreshTokenFamilies.RevokeAsync(db, token.FamilyId, clock.GetUtcNow(), cancellationToken);
        }

        return Unit.Value;
    }
}
