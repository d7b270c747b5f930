using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.ListAllOrganizations;

/// <summary>
/// Every organization (admin view), oldest first, one page at a time; <see cref="Search"/> matches
/// part of the name or the slug (case-insensitive).
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListAllOrganizationsQuery(string? Search = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminOrganizationDto>>, IPagedQuery;

internal sealed class ListAllOrganizationsQueryValidator : AbstractValidator<ListAllOrganizationsQuery>
{
    public ListAllOrganizationsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(Organization.MaxNameLength).WithMessage("validation: search too long");
    }
}

internal sealed class ListAllOrganizationsQueryHandler(IOrganizationsDbContext db)
    : IRequestHandler<ListAllOrganizationsQuery, Page<AdminOrganizationDto>>
{
    public Task<Page<AdminOrganizationDto>> Handle(ListAllOrganizationsQuery request, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = SearchTerm.Of(request.Search);
            organizations = organizations.Where(o => EF.Functions.Collate(o.Name, SearchTerm.UnicodeCollation).ToLower().Contains(term) || o.Slug.Contains(term));
        }

        return organizations.OrderBy(o => o.Id).Select(AdminOrganizationDto.Projection(db)).ToPageAsync(request, cancellationToken);
    }
}
