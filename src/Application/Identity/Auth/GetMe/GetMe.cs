using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Security;
using Platform.Domain.Common;

namespace Platform.Application.Identity.Auth.GetMe;

[Authorize]
public sealed record GetMeQuery : IRequest<UserDto>;

internal sealed class GetMeQueryHandler(IIdentityDbContext db, ICurrentUser currentUser, IMapper mapper) : IRequestHandler<GetMeQuery, UserDto>
{
    public async Task<UserDto> Handle(GetMeQuery request, CancellationToken cancellationToken)
    {
        var id = currentUser.RequireUserId();
        return await db.Users.AsNoTracking().Where(u => u.Id == id && u.DisabledAt == null).ProjectToDto<UserDto>(mapper.Config).FirstOrDefaultAsync(cancellationToken)
            ?? throw new AuthRequiredException("unauthorized");
    }
}
