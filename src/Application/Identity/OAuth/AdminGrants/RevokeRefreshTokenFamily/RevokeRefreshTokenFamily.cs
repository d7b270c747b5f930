using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Admin.Users;
using Platform.Application.Identity.OAuth.ExchangeToken;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.OAuth.AdminGrants.RevokeRefreshTokenFamily;

/// <summary>Revokes one refresh-token family of a user: the client can no longer refresh with it.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeRefreshTokenFamilyCommand(int UserId, Guid FamilyId) : IRequest<int>, IAuditedRequest<int>
{
    public AuditDescription DescribeAudit(int response) =>
        AuditDescription.For("user.revoke_refresh_family", "user", UserId, new Dictionary<string, object?>
        {
            ["familyId"] = FamilyId,
            ["tokensRevoked"] = response,
        });
}

internal sealed class RevokeRefreshTokenFamilyCommandHandler(IOAuthDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<RevokeRefreshTokenFamilyCommand, int>
{
    public async Task<int> Handle(RevokeRefreshTokenFamilyCommand request, CancellationToken cancellationToken)
    {
        // The owner rule of every admin write on a user (security review finding 5): only an owner touches an owner's grants.
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        if (!await db.OAuthRefreshTokens.AnyAsync(t => t.UserId == request.UserId && t.FamilyId == request.FamilyId, cancellationToken))
        {
            throw new NotFoundException("refresh token family not found", new Dictionary<string, object?> { ["familyId"] = request.FamilyId });
        }

        return await RefreshTokenFamilies.RevokeAsync(db, request.FamilyId, clock.GetUtcNow(), cancellationToken);
    }
}
