using FluentValidation;
using MapsterMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Mapping;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Identity;

namespace Platform.Application.Organizations.Members.ListOrganizationMembers;

/// <summary>The members of an organization, oldest membership first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListOrganizationMembersQuery(int OrganizationId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminOrganizationMemberDto>>, IPagedQuery;

internal sealed class ListOrganizationMembersQueryValidator : AbstractValidator<ListOrganizationMembersQuery>
{
    public ListOrganizationMembersQueryValidator() => this.AddPagingRules();
}

internal sealed class ListOrganizationMembersQueryHandler(IOrganizationsDbContext db, IUserDirectory users, IMapper mapper)
    : IRequestHandler<ListOrganizationMembersQuery, Page<AdminOrganizationMemberDto>>
{
    public async Task<Page<AdminOrganizationMemberDto>> Handle(ListOrganizationMembersQuery request, CancellationToken cancellationToken)
    {
        await AdminMembers.EnsureOrganizationExistsAsync(db, request.OrganizationId, cancellationToken);
        var page = await db.OrganizationMembers.AsNoTracking()
            .Where(m => m.OrganizationId == request.OrganizationId)
            .OrderBy(m => m.Id)
            .ProjectToDto<OrganizationMemberDto>(mapper.Config)
            .ToPageAsync(request, cancellationToken);
        return new Page<AdminOrganizationMemberDto>(
            await AdminMembers.WithUsersAsync(page.Items, users, cancellationToken), page.PageNumber, page.PageSize, page.Total);
    }
}
