using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.RevokeUserSession;

/// <summary>Ends one session of a user (that browser or agent is signed out at its next request).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserSessionCommand(int UserId, long SessionId) : IRequest<Unit>, IAuditedRequest<Unit>
{
    public AuditDescription DescribeAudit(Unit response) =>
        AuditDescription.For("user.revoke_session", "user", UserId, new Dictionary<string, object?> { ["sessionId"] = SessionId });
}

internal sealed class RevokeUserSessionCommandHandler(IIdentityDbContext db, ICurrentUser currentUser)
    : IRequestHandler<RevokeUserSessionCommand, Unit>
{
    public async Task<Unit> Handle(RevokeUserSessionCommand request, CancellationToken cancellationToken)
    {
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        var deleted = await db.Sessions.Where(s => s.Id == request.SessionId && s.UserId == request.UserId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("session not found");
        }

        return Unit.Value;
    }
}
