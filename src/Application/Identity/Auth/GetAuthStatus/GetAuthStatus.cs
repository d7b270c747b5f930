using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Interfaces;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Security;

namespace Platform.Application.Identity.Auth.GetAuthStatus;

public sealed record AuthStatusDto(UserDto? User, bool BootstrapAvailable, ServerMode Mode);

[AllowAnonymous]
public sealed record GetAuthStatusQuery : IRequest<AuthStatusDto>;

internal sealed class GetAuthStatusQueryHandler(IIdentityDbContext db, ICurrentUser currentUser, IServerSettings settings, IMapper mapper)
    : IRequestHandler<GetAuthStatusQuery, AuthStatusDto>
{
    public async Task<AuthStatusDto> Handle(GetAuthStatusQuery request, CancellationToken cancellationToken)
    {
        if (settings.Mode == ServerMode.Anonymous)
        {
            return new AuthStatusDto(null, false, ServerMode.Anonymous);
        }

        UserDto? user = null;
        if (currentUser.UserId is { } id)
        {
            user = await db.Users.AsNoTracking().Where(u => u.Id == id).ProjectToDto<UserDto>(mapper.Config).FirstOrDefaultAsync(cancellationToken);
        }

        var bootstrapAvailable = user is null && !await db.Users.AnyAsync(cancellationToken);
        return new AuthStatusDto(user, bootstrapAvailable, ServerMode.Full);
    }
}
