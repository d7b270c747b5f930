using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Security;

namespace Platform.Application.Identity.ApiTokens.ListApiTokens;

/// <summary>The caller's API tokens, newest first, revoked ones included (envelope-dialect.md §11 <c>GET /api/me/tokens</c>).</summary>
[Authorize]
public sealed record ListApiTokensQuery : IRequest<IReadOnlyList<ApiTokenDto>>;

internal sealed class ListApiTokensQueryHandler(IIdentityDbContext db, ICurrentUser currentUser, IMapper mapper)
    : IRequestHandler<ListApiTokensQuery, IReadOnlyList<ApiTokenDto>>
{
    public async Task<IReadOnlyList<ApiTokenDto>> Handle(ListApiTokensQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .ProjectToDto<ApiTokenDto>(mapper.Config)
            .ToListAsync(cancellationToken);
    }
}
