using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Application.Identity.ApiTokens;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.ListUserApiTokens;

/// <summary>A user's personal API tokens (never the tokens themselves), newest first, revoked ones included.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListUserApiTokensQuery(int UserId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminApiTokenDto>>, IPagedQuery;

internal sealed class ListUserApiTokensQueryValidator : AbstractValidator<ListUserApiTokensQuery>
{
    public ListUserApiTokensQueryValidator() => this.AddPagingRules();
}

internal sealed class ListUserApiTokensQueryHandler(IIdentityDbContext db, IMapper mapper)
    : IRequestHandler<ListUserApiTokensQuery, Page<AdminApiTokenDto>>
{
    public async Task<Page<AdminApiTokenDto>> Handle(ListUserApiTokensQuery request, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.UserId, cancellationToken))
        {
            throw AdminUserRules.UserNotFound();
        }

        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == request.UserId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .ProjectToDto<AdminApiTokenDto>(mapper.Config)
            .ToPageAsync(request, cancellationToken);
    }
}
