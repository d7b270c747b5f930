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

    /// <summary>
    /// Task <paramref name="taskId"/> with its parent, owners (by id) and subtasks (by id), in one round trip;
    /// only if <paramref name="visibleToUserId"/> (when given) is a member of its organization and it lies in
    /// <paramref name="organizationId"/> (when given). One hand-written statement (decision 0214): most of get_task's work.
    /// </summary>
    Task<TaskDetailRow?> FindTaskDetailAsync(int taskId, int? visibleToUserId, int? organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="task"/> with its creator as primary owner if the creator is a member of exactly one
    /// organization among <paramref name="organizationId"/> (when given) or all of theirs (when not); one statement.
    /// </summary>
    Task<TaskInsertOutcome> InsertTaskAsync(NewWorkTask task, int? organizationId, CancellationToken cancellationToken);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// What <see cref="IOrganizationsDbContext.InsertTaskAsync"/> found and did: the creator's matching memberships
/// (0, 1, or 2 meaning "two or more"), and the new task's id and organization when exactly one matched.
/// </summary>
public readonly record struct TaskInsertOutcome(int Memberships, int? TaskId, int? OrganizationId);

/// <summary>One task as <see cref="IOrganizationsDbContext.FindTaskDetailAsync"/> reads it; the description is its JSON text.</summary>
public sealed record TaskDetailRow(
    int Id,
    int OrganizationId,
    string Title,
    string? Description,
    WorkTaskStatus Status,
    DateTimeOffset? CompletedAt,
    int? ParentId,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TaskDetailParentRow? Parent,
    List<TaskDetailOwnerRow> Owners,
    List<TaskDetailSubtaskRow> Subtasks);

public sealed record TaskDetailParentRow(int Id, string Title);

/// <summary>An owner of the task; <paramref name="User"/> is null when the user record is gone.</summary>
public sealed record TaskDetailOwnerRow(int Id, int TaskId, int UserId, bool IsPrimary, DateTimeOffset AssignedAt, TaskDetailOwnerUserRow? User);

/// <summary>An owner's user as the Identity module publishes it to other modules' statements (decision 0216).</summary>
public sealed record TaskDetailOwnerUserRow(int Id, string Name, string Email);

public sealed record TaskDetailSubtaskRow(int Id, string Title, WorkTaskStatus Status, DateTimeOffset? CompletedAt);

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
