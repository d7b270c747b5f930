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
    /// <c>board.get</c>'s data in one statement (one snapshot): the project with the caller's stored
    /// role, whether <see cref="BoardReadRequest.SprintId"/> is a sprint of it, the lanes with their
    /// totals, and each lane's page (<see cref="BoardReadRequest.RowsPerLane"/> rows after its cursor,
    /// with tag names). Null when there is no project with this slug; no lanes without a membership.
    /// </summary>
    Task<BoardRead?> ReadBoardAsync(BoardReadRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="LockProjectAsync"/> for <c>todos.create</c> (one todo or a batch of them), in one round
    /// trip with what it does under the lock: it sets the project's updated time to
    /// <paramref name="touchedAt"/> (never backwards) and reads the project's highest localId (0 without
    /// todos) and the highest rank of each lane in <paramref name="columnKeys"/> (lanes without todos are
    /// absent), both after the lock is granted.
    /// </summary>
    Task<TodoCreationLock> LockProjectForTodoCreationAsync(
        int projectId, IReadOnlyList<string> columnKeys, DateTimeOffset touchedAt, CancellationToken cancellationToken);

    /// <summary>
    /// <c>todos.search</c> in one statement: the caller's stored role in the project with this slug
    /// (<see cref="TodoSearchRead.Found"/> false when there is no such project) and, with a
    /// membership, at most <paramref name="limit"/> hits in the order of <paramref name="search"/>.
    /// </summary>
    Task<TodoSearchRead> SearchTodosAsync(string slug, int userId, TodoSearch search, int limit, CancellationToken cancellationToken);

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

/// <summary>The project's write lock (see <see cref="IBoardsDbContext.LockProjectForTodoCreationAsync"/>) and what was read under it.</summary>
public sealed record TodoCreationLock(IBoardsWriteScope Scope, int MaxLocalId, IReadOnlyDictionary<string, long> LaneMaxRanks);

/// <summary>A project and the caller's stored role in it (see <see cref="IBoardsDbContext.FindProjectWithRoleAsync"/>).</summary>
public sealed record ProjectWithRole(Project Project, string? Role);

/// <summary>What <see cref="IBoardsDbContext.ReadBoardAsync"/> reads: filters are null when absent; Search is the literal text.</summary>
public sealed record BoardReadRequest(
    string Slug, int UserId, string? Tag, string? Search, int? SprintId, int RowsPerLane, IReadOnlyList<BoardReadCursor> Cursors);

/// <summary>A lane's keyset cursor: its page starts after (Rank, Id).</summary>
public sealed record BoardReadCursor(string ColumnKey, long Rank, long Id);

/// <summary>One snapshot of a board (see <see cref="IBoardsDbContext.ReadBoardAsync"/>); lanes and todos in no particular order.</summary>
public sealed record BoardRead(
    string Slug, string Name, string? Role, bool SprintExists, IReadOnlyList<BoardReadColumn> Columns, IReadOnlyList<BoardReadTodo> Todos);

/// <summary>A lane and the number of todos in it that match the filters.</summary>
public sealed record BoardReadColumn(string Key, string Name, bool IsDone, int Total, int Position, long Id);

/// <summary>A todo of a lane's page with the names of every tag row linked to it.</summary>
public sealed record BoardReadTodo(
    long Id, int LocalId, string Title, string Body, string ColumnKey, long Rank, int? EstimationPoints, int? AssigneeUserId, int? SprintId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DoneAt, IReadOnlyList<string> Tags);

/// <summary>
/// What todos.search looks for: <see cref="Text"/> null ⇒ the most recently updated first (then by
/// localId); <see cref="LocalId"/> set ⇒ that todo; else titles containing <see cref="Text"/>
/// (case-insensitive, literal), by localId.
/// </summary>
public sealed record TodoSearch(string? Text, int? LocalId);

/// <summary>The outcome of <see cref="IBoardsDbContext.SearchTodosAsync"/>.</summary>
public sealed record TodoSearchRead(bool Found, string? Role, IReadOnlyList<(int LocalId, string Title)> Hits);
