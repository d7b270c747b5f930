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
    /// The newest <paramref name="limit"/> tasks (by updatedAt, then id, descending) across the
    /// organizations <paramref name="userId"/> is a member of, optionally only <paramref name="organizationId"/>
    /// and only <paramref name="status"/>. Costs O(organizations × limit), whatever the number of tasks
    /// (a provider-specific query: an index walk per membership).
    /// </summary>
    Task<IReadOnlyList<TaskSummaryRow>> NewestTasksOfMemberAsync(
        int userId, int? organizationId, WorkTaskStatus? status, int limit, CancellationToken cancellationToken);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>One row of <see cref="IOrganizationsDbContext.NewestTasksOfMemberAsync"/>; the description is its JSON text.</summary>
public sealed record TaskSummaryRow(
    int Id,
    int OrganizationId,
    string Title,
    string? Description,
    WorkTaskStatus Status,
    DateTimeOffset? CompletedAt,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
