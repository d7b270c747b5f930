using System.Linq.Expressions;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Boards;
using Platform.Domain.Identity;

namespace Platform.Application.Boards.Projects.ListAllProjects;

/// <summary>A project as the admin API shows it: identity, creator and how many members, maintainers and todos it has.</summary>
public sealed record AdminProjectDto(
    int Id,
    string Slug,
    string Name,
    int? CreatorUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MemberCount,
    int MaintainerCount,
    int TodoCount)
{
    /// <summary>Maintainers include the legacy stored role <c>owner</c> (same rank).</summary>
    // Explicit (decision 0209): the counts are correlated subqueries over other tables, not members of the entity.
    public static Expression<Func<Project, AdminProjectDto>> Projection(IBoardsDbContext db) => p =>
        new AdminProjectDto(
            p.Id, p.Slug, p.Name, p.CreatorUserId, p.CreatedAt, p.UpdatedAt,
            db.ProjectMembers.Count(m => m.ProjectId == p.Id),
            db.ProjectMembers.Count(m => m.ProjectId == p.Id && (m.Role.Trim().ToLower() == "maintainer" || m.Role.Trim().ToLower() == "owner")),
            db.Todos.Count(t => t.ProjectId == p.Id));
}

/// <summary>Every project (admin view, no membership needed), oldest first; <see cref="Search"/> matches part of the name or slug.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListAllProjectsQuery(string? Search = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminProjectDto>>, IPagedQuery;

internal sealed class ListAllProjectsQueryValidator : AbstractValidator<ListAllProjectsQuery>
{
    public ListAllProjectsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(Project.MaxNameBytes).WithError(BoardErrors.TextTooLong("search", Project.MaxNameBytes));
    }
}

internal sealed class ListAllProjectsQueryHandler(IBoardsDbContext db) : IRequestHandler<ListAllProjectsQuery, Page<AdminProjectDto>>
{
    public Task<Page<AdminProjectDto>> Handle(ListAllProjectsQuery request, CancellationToken cancellationToken)
    {
        var projects = db.Projects.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = SearchTerm.Of(request.Search);
            projects = projects.Where(p => EF.Functions.Collate(p.Name, SearchTerm.UnicodeCollation).ToLower().Contains(term) || p.Slug.Contains(term));
        }

        return projects.OrderBy(p => p.Id).Select(AdminProjectDto.Projection(db)).ToPageAsync(request, cancellationToken);
    }
}
