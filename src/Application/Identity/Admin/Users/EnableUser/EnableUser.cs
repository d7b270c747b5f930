using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.EnableUser;

/// <summary>Enables a disabled user again (they sign in anew; their old sessions stay ended).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record EnableUserCommand(int UserId) : IRequest<AdminUserDto>, IAuditedRequest<AdminUserDto>
{
    public AuditDescription DescribeAudit(AdminUserDto response) => AuditDescription.For("user.enable", "user", UserId);
}

internal sealed class EnableUserCommandHandler(IIdentityDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<EnableUserCommand, AdminUserDto>
{
    public async Task<AdminUserDto> Handle(EnableUserCommand request, CancellationToken cancellationToken)
    {
        var user = await AdminUserRules.LoadForChangeAsync(db, currentUser, request.UserId, cancellationToken);
        user.Enable();
        await db.SaveChangesAsync(cancellationToken);
        return await AdminUserDto.LoadAsync(db, user.Id, clock.GetUtcNow(), cancellationToken);
    }
}
