using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Admin.Users.ListUsers;

/// <summary>
/// Users ordered by id; <see cref="Search"/> matches a part of the e-mail or the name (case-insensitive),
/// <see cref="SystemRole"/> and <see cref="Disabled"/> narrow the list.
/// </summary>
[Authorize(Roles = [Domain.Identity.SystemRole.Owner, Domain.Identity.SystemRole.Admin])]
public sealed record ListUsersQuery(string? Search = null, string? SystemRole = null, bool? Disabled = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<Page<AdminUserDto>>, IPagedQuery;

internal sealed class ListUsersQueryValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Search).MaximumLength(User.MaxEmailLength).WithMessage("validation: search too long");
        RuleFor(q => q.SystemRole)
            .Must(r => string.IsNullOrWhiteSpace(r) || SystemRoleNames.TryParse(r, out _))
            .WithMessage("validation: invalid systemRole");
    }
}

internal sealed class ListUsersQueryHandler(IIdentityDbContext db, TimeProvider clock) : IRequestHandler<ListUsersQuery, Page<AdminUserDto>>
{
    public Task<Page<AdminUserDto>> Handle(ListUsersQuery request, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = SearchTerm.Of(request.Search);
            users = users.Where(u => u.Email.Contains(term) || EF.Functions.Collate(u.Name, SearchTerm.UnicodeCollation).ToLower().Contains(term));
        }

        if (!string.IsNullOrWhiteSpace(request.SystemRole))
        {
            SystemRoleNames.TryParse(request.SystemRole, out var role);
            users = users.Where(u => u.SystemRole == role);
        }

        if (request.Disabled is { } disabled)
        {
            users = disabled ? users.Where(u => u.DisabledAt != null) : users.Where(u => u.DisabledAt == null);
        }

        return users.OrderBy(u => u.Id).Select(AdminUserDto.Projection(db.Sessions, clock.GetUtcNow())).ToPageAsync(request, cancellationToken);
    }
}
