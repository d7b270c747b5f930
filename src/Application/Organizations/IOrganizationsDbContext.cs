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

    /// <summary>
    /// The newest <paramref name="perOrganization"/> tasks (by updatedAt, then id, descending) of each
    /// organization <paramref name="userId"/> is a member of, optionally only <paramref name="organizationId"/>
    /// and only <paramref name="status"/>. Costs O(organizations × perOrganization), whatever the number of
    /// tasks (a provider-specific query: an index walk per membership).
    /// </summary>
    IQueryable<WorkTask> NewestTasksOfMember(int userId, int? organizationId, WorkTaskStatus? status, int perOrganization);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
