using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Projects.GetProject;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;
using Platform.Domain.Identity;

namespace Platform.Application.Boards.Members.ListProjectMembers;

/// <summary>
/// A project's members for an admin (no membership needed), in the order they joined, roles
/// normalised (legacy owner ⇒ maintainer). A member whose user record is gone shows without e-mail.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListProjectMembersQuery(int ProjectId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<MemberDto>>, IPagedQuery;

internal sealed class ListProjectMembersQueryValidator : AbstractValidator<ListProjectMembersQuery>
{
    public ListProjectMembersQueryValidator() => this.AddPagingRules();
}

internal sealed class ListProjectMembersQueryHandler(IBoardsDbContext db, IUserDirectory users)
    : IRequestHandler<ListProjectMembersQuery, Page<MemberDto>>
{
    public async Task<Page<MemberDto>> Handle(ListProjectMembersQuery request, CancellationToken cancellationToken)
    {
        await AdminProjects.EnsureExistsAsync(db, request.ProjectId, cancellationToken);
        var page = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == request.ProjectId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.UserId)
            .ToPageAsync(request, cancellationToken);
        var known = await users.GetManyAsync(page.Items.Select(m => m.UserId).ToList(), cancellationToken);
        var items = page.Items
            .Select(m => known.TryGetValue(m.UserId, out var user)
                ? MemberRules.ToDto(m, user)
                : new MemberDto(m.UserId, "", "", null, ProjectRoles.Normalize(m.Role), m.CreatedAt))
            .ToList();
        return new Page<MemberDto>(items, page.PageNumber, page.PageSize, page.Total);
    }
}
