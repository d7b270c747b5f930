using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.ListUserSessions;

/// <summary>A user's unexpired sessions, most recently seen first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListUserSessionsQuery(int UserId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminSessionDto>>, IPagedQuery;

internal sealed class ListUserSessionsQueryValidator : AbstractValidator<ListUserSessionsQuery>
{
    public ListUserSessionsQueryValidator() => this.AddPagingRules();
}

internal sealed class ListUserSessionsQueryHandler(IIdentityDbContext db, TimeProvider clock, IMapper mapper)
    : IRequestHandler<ListUserSessionsQuery, Page<AdminSessionDto>>
{
    public async Task<Page<AdminSessionDto>> Handle(ListUserSessionsQuery request, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.UserId, cancellationToken))
        {
            throw AdminUserRules.UserNotFound();
        }

        var now = clock.GetUtcNow();
        return await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == request.UserId && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.Id)
            .ProjectToDto<AdminSessionDto>(mapper.Config)
            .ToPageAsync(request, cancellationToken);
    }
}
