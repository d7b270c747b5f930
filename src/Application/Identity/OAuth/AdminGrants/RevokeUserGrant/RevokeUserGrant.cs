using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Admin.Users;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.OAuth.AdminGrants.RevokeUserGrant;

/// <summary>
/// Withdraws a user's grant to a client: the consent goes (the next authorization asks again), and
/// the client's refresh tokens and unused authorization codes for that user are revoked.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserGrantCommand(int UserId, string ClientId) : IRequest<int>, IAuditedRequest<int>
{
    public AuditDescription DescribeAudit(int response) =>
        AuditDescription.For("user.revoke_oauth_grant", "user", UserId, new Dictionary<string, object?>
        {
            ["clientId"] = ClientId,
            ["refreshTokensRevoked"] = response,
        });
}

internal sealed class RevokeUserGrantCommandHandler(IOAuthDbContext db, ICurrentUser currentUser, TimeProvider clock, ITokenRevocations revocations) : IRequestHandler<RevokeUserGrantCommand, int>
{
    public async Task<int> Handle(RevokeUserGrantCommand request, CancellationToken cancellationToken)
    {
        // The owner rule of every admin write on a user (security review finding 5): only an owner touches an owner's grants.
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        var clientId = await db.OAuthClients.Where(c => c.ClientId == request.ClientId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("grant not found", new Dictionary<string, object?> { ["clientId"] = request.ClientId });
        var deleted = await db.OAuthConsents.Where(c => c.UserId == request.UserId && c.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("grant not found", new Dictionary<string, object?> { ["clientId"] = request.ClientId });
        }

        await revocations.RevokeAsync(request.UserId, request.ClientId, cancellationToken);
        return await AdminGrantRules.RevokeOAuthAsync(db, request.UserId, clientId, clock.GetUtcNow(), cancellationToken);
    }
}
