using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Application.Boards;
using Platform.Domain.Boards;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// The Boards module's sets (explicit implementations, so other modules' partials cannot clash on
/// names like <c>Tags</c>) and its provider-specific operations: PostgreSQL row and advisory locks,
/// an upsert, and ILIKE.
/// </summary>
public sealed partial class PlatformDbContext : IBoardsDbContext
{
    /// <summary>Key of the transaction-scoped advisory lock that serialises project creation.</summary>
    private const long ProjectCreationLockKey = 0x426f617264730001; // "Boards" + 1

    DbSet<Project> IBoardsDbContext.Projects => Set<Project>();

    DbSet<WorkflowColumn> IBoardsDbContext.WorkflowColumns => Set<WorkflowColumn>();

    DbSet<Todo> IBoardsDbContext.Todos => Set<Todo>();

    DbSet<TodoTag> IBoardsDbContext.TodoTags => Set<TodoTag>();

    DbSet<Tag> IBoardsDbContext.Tags => Set<Tag>();

    DbSet<TagColorPreference> IBoardsDbContext.TagColorPreferences => Set<TagColorPreference>();

    DbSet<Sprint> IBoardsDbContext.Sprints => Set<Sprint>();

    DbSet<ProjectMember> IBoardsDbContext.ProjectMembers => Set<ProjectMember>();

    DbSet<ColumnCount> IBoardsDbContext.ColumnCounts => Set<ColumnCount>();

    async Task<IBoardsWriteScope> IBoardsDbContext.LockProjectAsync(int projectId, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            // Inside a unit of work that is already open (an audited admin write): take the lock in it;
            // it is held until that transaction's owner commits or rolls back.
            await Database.ExecuteSqlAsync($"SELECT id FROM boards.projects WHERE id = {projectId} FOR UPDATE", cancellationToken);
            return JoinedScope.Instance;
        }

        var transaction = await Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await Database.ExecuteSqlAsync($"SELECT id FROM boards.projects WHERE id = {projectId} FOR UPDATE", cancellationToken);
            return new WriteScope(transaction);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    async Task<TodoCreationLock> IBoardsDbContext.LockProjectForTodoCreationAsync(
        int projectId, IReadOnlyList<string> columnKeys, DateTimeOffset touchedAt, CancellationToken cancellationToken)
    {
        var joined = Database.CurrentTransaction is not null;
        var transaction = joined ? null : await Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // One round trip: the lock; (a statement of its own, so with a snapshot taken once the lock is granted,
            // READ COMMITTED) the numbers the new todos continue from, one row per lane, each max an index probe;
            // and the project's "updated" time (as Project.Touch: never backwards).
            var connection = (NpgsqlConnection)Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection) { Transaction = (NpgsqlTransaction?)Database.CurrentTransaction?.GetDbTransaction() };
            var lockRow = new NpgsqlBatchCommand("SELECT id FROM boards.projects WHERE id = $1 FOR UPDATE");
            lockRow.Parameters.Add(new NpgsqlParameter<int> { TypedValue = projectId });
            var touch = new NpgsqlBatchCommand("UPDATE boards.projects SET updated_at = $2 WHERE id = $1 AND updated_at < $2");
            touch.Parameters.Add(new NpgsqlParameter<int> { TypedValue = projectId });
            touch.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = touchedAt });
            var numbers = new NpgsqlBatchCommand(
                """
                SELECT (SELECT max(local_id) FROM boards.todos WHERE project_id = $1), k,
                       (SELECT max(rank) FROM boards.todos WHERE project_id = $1 AND column_key = k)
                FROM unnest($2::text[]) AS k
                """);
            numbers.Parameters.Add(new NpgsqlParameter<int> { TypedValue = projectId });
            numbers.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = columnKeys.ToArray() });
            batch.BatchCommands.Add(lockRow);
            batch.BatchCommands.Add(numbers);
            batch.BatchCommands.Add(touch);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var maxLocalId = 0;
            var laneMaxRanks = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                maxLocalId = reader.IsDBNull(0) ? 0 : reader.GetInt32(0);
                if (!reader.IsDBNull(2))
                {
                    laneMaxRanks[reader.GetString(1)] = reader.GetInt64(2);
                }
            }

            // The touch returns no rows; reading to the end completes it (and surfaces its errors).
            while (await reader.NextResultAsync(cancellationToken))
            {
            }

            return new TodoCreationLock(transaction is null ? JoinedScope.Instance : new WriteScope(transaction), maxLocalId, laneMaxRanks);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            throw;
        }
    }

    async Task<IAsyncDisposable> IBoardsDbContext.BeginSnapshotReadAsync(CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            // Already inside a unit of work: read in it (its owner decides isolation and the end).
            return JoinedScope.Instance;
        }

        // PostgreSQL: a REPEATABLE READ transaction reads one snapshot; read-only ones never fail to serialise.
        var transaction = await Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        try
        {
            await Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    async Task<IBoardsWriteScope> IBoardsDbContext.LockProjectCreationAsync(CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ProjectCreationLockKey})", cancellationToken);
            return JoinedScope.Instance;
        }

        var transaction = await Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ProjectCreationLockKey})", cancellationToken);
            return new WriteScope(transaction);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    async Task IBoardsDbContext.SetTagColorPreferenceAsync(int userId, int tagId, string? color, CancellationToken cancellationToken)
    {
        if (color is null)
        {
            await Set<TagColorPreference>().Where(p => p.UserId == userId && p.TagId == tagId).ExecuteDeleteAsync(cancellationToken);
            return;
        }

        await Database.ExecuteSqlAsync(
            $"INSERT INTO boards.tag_color_preferences (user_id, tag_id, color) VALUES ({userId}, {tagId}, {color}) ON CONFLICT (user_id, tag_id) DO UPDATE SET color = EXCLUDED.color",
            cancellationToken);
    }

    async Task<IReadOnlyDictionary<string, int>> IBoardsDbContext.EnsureOwnedTagsAsync(
        int ownerUserId, IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = names.Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0)
        {
            return new Dictionary<string, int>();
        }

        // Concurrent first uses of the same name by the same owner: the partial unique index decides, nobody fails.
        await Database.ExecuteSqlAsync(
            $"""
            INSERT INTO boards.tags (name, owner_user_id, created_at)
            SELECT n, {ownerUserId}, {now} FROM unnest({list}) AS n
            ON CONFLICT (owner_user_id, name) WHERE owner_user_id IS NOT NULL DO NOTHING
            """,
            cancellationToken);
        return await Set<Tag>()
            .Where(t => t.OwnerUserId == ownerUserId && list.Contains(t.Name))
            .ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, cancellationToken);
    }

    private static readonly Func<PlatformDbContext, string, int, CancellationToken, Task<ProjectWithRole?>> ProjectWithRoleQuery =
        EF.CompileAsyncQuery((PlatformDbContext db, string slug, int userId, CancellationToken _) =>
            db.Set<Project>()
                .Where(p => p.Slug == slug)
                .Select(p => new ProjectWithRole(
                    p, db.Set<ProjectMember>().Where(m => m.ProjectId == p.Id && m.UserId == userId).Select(m => m.Role).FirstOrDefault()))
                .FirstOrDefault());

    Task<ProjectWithRole?> IBoardsDbContext.FindProjectWithRoleAsync(string slug, int userId, CancellationToken cancellationToken) =>
        ProjectWithRoleQuery(this, slug, userId, cancellationToken);

    IQueryable<Todo> IBoardsDbContext.WhereTextContains(IQueryable<Todo> todos, string text, bool includeBody)
    {
        // ILIKE … ESCAPE '\' is served by the trigram indexes (also in generic prepared plans).
        var pattern = "%" + EscapeLike(text) + "%";
        return includeBody
            ? todos.Where(t => EF.Functions.ILike(t.Title, pattern, @"\") || EF.Functions.ILike(t.Body, pattern, @"\"))
            : todos.Where(t => EF.Functions.ILike(t.Title, pattern, @"\"));
    }

    /// <summary>A literal substring: <c>\</c>, <c>%</c> and <c>_</c> are escaped with <c>\</c>.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>A lock taken in the caller's transaction: committing is the caller's, so this scope does nothing.</summary>
    private sealed class JoinedScope : IBoardsWriteScope
    {
        public static readonly JoinedScope Instance = new();

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class WriteScope(IDbContextTransaction transaction) : IBoardsWriteScope
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
