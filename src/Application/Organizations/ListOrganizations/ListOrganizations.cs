using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Organizations.ListOrganizations;

/// <summary>The organizations the current user is a member of, with their role, ordered by name.</summary>
[Authorize(Scope = Scopes.OrganizationsRead)]
[Tool("list_organizations",
    "List the organizations the authorized user belongs to (id, name, slug, and role). "
    + "Use an id as organizationId when creating tasks and the user belongs to multiple organizations.",
    Title = "List organizations", ReadOnly = true, Idempotent = true)]
public sealed record ListOrganizationsQuery : IRequest<IReadOnlyList<OrganizationMembershipDto>>;

internal sealed class ListOrganizationsQueryHandler(IOrganizationsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<ListOrganizationsQuery, IReadOnlyList<OrganizationMembershipDto>>
{
    public async Task<IReadOnlyList<OrganizationMembershipDto>> Handle(ListOrganizationsQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        return await (
                from member in db.OrganizationMembers.AsNoTracking()
                join organization in db.Organizations.AsNoTracking() on member.OrganizationId equals organization.Id
                where member.UserId == userId
                orderby organization.Name, organization.Id
                select new OrganizationMembershipDto(organization.Id, organization.Name, organization.Slug, member.Role))
            .ToListAsync(cancellationToken);
    }
}
