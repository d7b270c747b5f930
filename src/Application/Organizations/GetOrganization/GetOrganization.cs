using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Organizations.GetOrganization;

/// <summary>One organization with its member and task counts (admin view).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetOrganizationQuery(int OrganizationId) : IRequest<AdminOrganizationDto>;

internal sealed class GetOrganizationQueryHandler(IOrganizationsDbContext db) : IRequestHandler<GetOrganizationQuery, AdminOrganizationDto>
{
    public async Task<AdminOrganizationDto> Handle(GetOrganizationQuery request, CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == request.OrganizationId).Select(AdminOrganizationDto.Projection(db)).FirstOrDefaultAsync(cancellationToken)
        ?? throw OrganizationErrors.OrganizationNotFound(request.OrganizationId);
}
