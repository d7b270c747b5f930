using MediatR;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.GetUser;

[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetUserQuery(int UserId) : IRequest<AdminUserDto>;

internal sealed class GetUserQueryHandler(IIdentityDbContext db, TimeProvider clock) : IRequestHandler<GetUserQuery, AdminUserDto>
{
    public Task<AdminUserDto> Handle(GetUserQuery request, CancellationToken cancellationToken) =>
        AdminUserDto.LoadAsync(db, request.UserId, clock.GetUtcNow(), cancellationToken);
}
