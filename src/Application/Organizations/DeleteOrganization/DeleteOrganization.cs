using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Organizations.DeleteOrganization;

/// <summary>
/// Deletes an organization. Without <see cref="Cascade"/> it must be empty (no members, no tasks),
/// else 409; with it, its memberships and tasks (and their owners) go with it.
/// </summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record DeleteOrganizationCommand(int OrganizationId, bool Cascade = false)
    : IRequest<DeletedOrganizationDto>, IAuditedRequest<DeletedOrganizationDto>
{
    public AuditDescription DescribeAudit(DeletedOrganizationDto response) =>
        AuditDescription.For("organization.delete", "organization", OrganizationId, new Dictionary<string, object?>
        {
            ["name"] = response.Name,
            ["slug"] = response.Slug,
            ["cascade"] = Cascade,
            ["members"] = response.Members,
            ["tasks"] = response.Tasks,
        });
}

/// <summary>What was deleted: the organization and how many memberships and tasks went with it.</summary>
public sealed record DeletedOrganizationDto(int Id, string Name, string Slug, int Members, int Tasks);

internal sealed class DeleteOrganizationCommandHandler(IOrganizationsDbContext db) : IRequestHandler<DeleteOrganizationCommand, DeletedOrganizationDto>
{
    public async Task<DeletedOrganizationDto> Handle(DeleteOrganizationCommand request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == request.OrganizationId)
            .Select(o => new
            {
                o.Id, o.Name, o.Slug,
                Members = db.OrganizationMembers.Count(m => m.OrganizationId == o.Id),
                Tasks = db.Tasks.Count(t => t.OrganizationId == o.Id),
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw OrganizationErrors.OrganizationNotFound(request.OrganizationId);

        if (!request.Cascade && (organization.Members > 0 || organization.Tasks > 0))
        {
            throw new ConflictException(
                "conflict: organization is not empty; remove its members and tasks or delete with cascade=true",
                new Dictionary<string, object?> { ["reason"] = "not_empty", ["members"] = organization.Members, ["tasks"] = organization.Tasks });
        }

        // Memberships, tasks and task owners go by the schema's ON DELETE CASCADE.
        await db.Organizations.Where(o => o.Id == organization.Id).ExecuteDeleteAsync(cancellationToken);
        return new DeletedOrganizationDto(organization.Id, organization.Name, organization.Slug, organization.Members, organization.Tasks);
    }
}
