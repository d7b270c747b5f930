using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Identity.OAuth;

namespace Platform.Application.Identity.ApiTokens.RevokeApiToken;

/// <summary>
/// Revokes one of the caller's API tokens (envelope-dialect.md §11 <c>DELETE /api/me/tokens/{id}</c>).
/// A token of someone else, an unknown one or one already revoked is not found.
/// </summary>
[Authorize]
public sealed record RevokeApiTokenCommand(long Id) : IRequest<Unit>;

internal sealed class RevokeApiTokenCommandHandler(IOAuthDbContext db, ICurrentUser currentUser, TimeProvider clock, ITokenRevocations revocations)
    : IRequestHandler<RevokeApiTokenCommand, Unit>
{
    public async Task<Unit> Handle(RevokeApiTokenCommand request, CancellationToken cancellationToken)
    {
        await ApiTokenRules.RevokeAsync(db, revocations, currentUser.RequireUserId(), request.Id, clock.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}
