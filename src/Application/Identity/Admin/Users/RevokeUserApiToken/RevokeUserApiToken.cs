using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.ApiTokens;
using Platform.Application.Identity.OAuth;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.RevokeUserApiToken;

/// <summary>
/// Revokes one personal API token of a user: it fails on every node within seconds (decision 0302).
/// Only an owner revokes an owner's token (decision 0401); an unknown or already revoked token is not
/// found.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserApiTokenCommand(int UserId, long TokenId) : IRequest<Unit>, IAuditedRequest<Unit>
{
    public AuditDescription DescribeAudit(Unit response) =>
        AuditDescription.For("user.revoke_api_token", "user", UserId, new Dictionary<string, object?> { ["tokenId"] = TokenId });
}

internal sealed class RevokeUserApiTokenCommandHandler(IOAuthDbContext db, ICurrentUser currentUser, TimeProvider clock, ITokenRevocations revocations)
    : IRequestHandler<RevokeUserApiTokenCommand, Unit>
{
    public async Task<Unit> Handle(RevokeUserApiTokenCommand request, CancellationToken cancellationToken)
    {
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        await ApiTokenRules.RevokeAsync(db, revocations, request.UserId, request.TokenId, clock.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}
