using Microsoft.EntityFrameworkCore;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations;

/// <summary>The Organizations module's view of the database (no repository layer).</summary>
public interface IOrganizationsDbContext
{
    DbSet<Organization> Organizations { get; }

    DbSet<OrganizationMember> OrganizationMembers { get; }

    DbSet<WorkTask> Tasks { get; }

    DbSet<TaskOwner> TaskOwners { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
