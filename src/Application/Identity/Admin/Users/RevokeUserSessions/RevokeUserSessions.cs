using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.RevokeUserSessions;

/// <summary>Ends every session of a user (signed out everywhere); returns how many ended.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record RevokeUserSessionsCommand(int UserId) : IRequest<int>, IAuditedRequest<int>
{
    public AuditDescription DescribeAudit(int response) =>
        AuditDescription.For("user.revoke_sessions", "user", UserId, new Dictionary<string, object?> { ["sessionsEnded"] = response });
}

internal sealed class RevokeUserSessionsCommandHandler(IIdentityDbContext db, ICurrentUser currentUser)
    : IRequestHandler<RevokeUserSessionsCommand, int>
{
    public async Task<int> Handle(RevokeUserSessionsCommand request, CancellationToken cancellationToken)
    {
        await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        return await AdminUserRules.EndSessionsAsync(db, request.UserId, cancellationToken);
    }
}
