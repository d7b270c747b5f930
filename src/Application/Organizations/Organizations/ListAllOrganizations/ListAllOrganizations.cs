using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Organizations.Organizations.ListAllOrganizations;

/// <summary>Every organization (admin view), oldest first.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListAllOrganizationsQuery : IRequest<IReadOnlyList<OrganizationDto>>;

internal sealed class ListAllOrganizationsQueryHandler(IOrganizationsDbContext db)
    : IRequestHandler<ListAllOrganizationsQuery, IReadOnlyList<OrganizationDto>>
{
    public async Task<IReadOnlyList<OrganizationDto>> Handle(ListAllOrganizationsQuery request, CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(OrganizationDto.Projection).ToListAsync(cancellationToken);
}
