using Microsoft.EntityFrameworkCore;
using Platform.Domain.Boards;

namespace Platform.Application.Boards;

/// <summary>
/// The Boards module's view of the database (no repository layer). The few operations that need
/// provider-specific SQL (row locks, upserts, case-insensitive matching) are methods here and are
/// implemented in Infrastructure.
/// </summary>
public interface IBoardsDbContext
{
    DbSet<Project> Projects { get; }

    DbSet<WorkflowColumn> WorkflowColumns { get; }

    DbSet<Todo> Todos { get; }

    DbSet<TodoTag> TodoTags { get; }

    DbSet<Tag> Tags { get; }

    DbSet<TagColorPreference> TagColorPreferences { get; }

    DbSet<Sprint> Sprints { get; }

    DbSet<ProjectMember> ProjectMembers { get; }

    /// <summary>Per-column todo counts, maintained by the database on every todo write.</summary>
    DbSet<ColumnCount> ColumnCounts { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The project with this (normalised) slug, tracked, and <paramref name="userId"/>'s stored
    /// membership role in it (null without a membership); null when there is no such project. A
    /// precompiled query: every Boards tool starts with it.
    /// </summary>
    Task<ProjectWithRole?> FindProjectWithRoleAsync(string slug, int userId, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction and takes the project's write lock (its row, <c>FOR UPDATE</c>), held
    /// until the scope commits or is disposed. Every write that allocates a number (localId, sprint
    /// number), reorders a lane, activates a sprint or changes memberships runs under it, so such
    /// writes to one project are serialised and never race.
    /// </summary>
    Task<IBoardsWriteScope> LockProjectAsync(int projectId, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a read-only snapshot transaction: every query until disposal sees the same committed
    /// state (a board's lanes, totals and tags agree even while todos move concurrently).
    /// </summary>
    Task<IAsyncDisposable> BeginSnapshotReadAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that serialises project creation (slug allocation).</summary>
    Task<IBoardsWriteScope> LockProjectCreationAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sets (upsert) or clears (null) a user's colour for a tag in one statement, so concurrent
    /// calls for the same tag cannot collide.
    /// </summary>
    Task SetTagColorPreferenceAsync(int userId, int tagId, string? color, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of <paramref name="ownerUserId"/>'s tags named <paramref name="names"/>, creating the
    /// missing ones (safe under concurrent calls for the same owner and name).
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> EnsureOwnedTagsAsync(int ownerUserId, IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Todos whose title (and body when <paramref name="includeBody"/>) contains <paramref name="text"/>
    /// as a literal, case-insensitive substring (<c>%</c> and <c>_</c> are not wildcards).
    /// </summary>
    IQueryable<Todo> WhereTextContains(IQueryable<Todo> todos, string text, bool includeBody);
}

/// <summary>A write transaction holding a lock; disposing without <see cref="CommitAsync"/> rolls back.</summary>
public interface IBoardsWriteScope : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A project and the caller's stored role in it (see <see cref="IBoardsDbContext.FindProjectWithRoleAsync"/>).</summary>
public sealed record ProjectWithRole(Project Project, string? Role);
