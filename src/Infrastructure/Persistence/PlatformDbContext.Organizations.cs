using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Application.Organizations;
using Platform.Domain.Organizations;

namespace Platform.Infrastructure.Persistence;

public sealed partial class PlatformDbContext : IOrganizationsDbContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<TaskOwner> TaskOwners => Set<TaskOwner>();

    // PostgreSQL: a LATERAL join from the user's memberships into the
    // (organization_id[, status], updated_at desc, id desc) indexes, each walk stopping after $2 rows,
    // then the newest $2 of those; only then are the winners' rows read by primary key (late
    // materialization). Carrying the wide rows (descriptions) through the per-organization walks, the
    // planner's Memoize node and the sort cost six times the PostgreSQL time of the narrow walk (decision 0213).
    // Plain ADO.NET on the context's connection: EF cannot cache the SQL of a composed FromSql query and
    // regenerated it on every call (the hot path of list_tasks).
    private const string NewestTasksSelect = """
        SELECT t.id, t.organization_id, t.title, t.description::text, t.status, t.completed_at, t.assignee, t.created_at, t.updated_at
        FROM (
            SELECT k.id, k.updated_at
            FROM organizations.members AS m
            CROSS JOIN LATERAL (
                SELECT x.id, x.updated_at
                FROM organizations.tasks AS x
                WHERE x.organization_id = m.organization_id
        """;

    private const string NewestTasksLateralEnd = """

                ORDER BY x.updated_at DESC, x.id DESC LIMIT $2) AS k
            WHERE m.user_id = $1
        """;

    private const string NewestTasksOrder = """

            ORDER BY k.updated_at DESC, k.id DESC LIMIT $2) AS n
        JOIN organizations.tasks AS t ON t.id = n.id
        ORDER BY n.updated_at DESC, n.id DESC
        """;

    private static readonly string[] NewestTasksSql =
    [
        NewestTasksSelect + NewestTasksLateralEnd + NewestTasksOrder,
        NewestTasksSelect + " AND x.status = $3" + NewestTasksLateralEnd + NewestTasksOrder,
        NewestTasksSelect + NewestTasksLateralEnd + " AND m.organization_id = $3" + NewestTasksOrder,
        NewestTasksSelect + " AND x.status = $4" + NewestTasksLateralEnd + " AND m.organization_id = $3" + NewestTasksOrder,
    ];

    public async Task<IReadOnlyList<TaskSummaryRow>> NewestTasksOfMemberAsync(
        int userId, int? organizationId, WorkTaskStatus? status, int limit, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)Database.GetDbConnection();
        await using var command = new NpgsqlCommand(NewestTasksSql[(organizationId is null ? 0 : 2) + (status is null ? 0 : 1)], connection)
        {
            Transaction = (NpgsqlTransaction?)Database.CurrentTransaction?.GetDbTransaction(),
        };
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (organizationId is { } organization)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = organization });
        }

        if (status is { } wanted)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wanted.ToWire() });
        }

        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<TaskSummaryRow>(limit);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new TaskSummaryRow(
                    reader.GetInt32(0),
                    reader.GetInt32(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    WorkTaskStatusNames.FromWire(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetFieldValue<DateTimeOffset>(7),
                    reader.GetFieldValue<DateTimeOffset>(8)));
            }

            return rows;
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    // One round trip: the task, its parent (a LEFT JOIN on the primary key), owners and subtasks (index
    // joins on task_id / parent_id). Compiled once: building and funcletizing this tree per call cost about
    // a sixth of get_task's CPU and most of its allocations (docs/benchmarks.md, issue 11 note).
    private static readonly Func<PlatformDbContext, int, int?, int?, CancellationToken, Task<TaskDetailRow?>> TaskDetailQuery =
        EF.CompileAsyncQuery((PlatformDbContext db, int taskId, int? visibleToUserId, int? organizationId, CancellationToken _) =>
            (from t in db.Tasks.AsNoTracking()
             where t.Id == taskId
                 && (organizationId == null || t.OrganizationId == organizationId)
                 && (visibleToUserId == null || db.OrganizationMembers.Any(m => m.OrganizationId == t.OrganizationId && m.UserId == visibleToUserId))
             join p in db.Tasks.AsNoTracking() on t.ParentId equals p.Id into parents
             from parent in parents.DefaultIfEmpty()
             select new TaskDetailRow(
                 t.Id, t.OrganizationId, t.Title, t.Description, t.Status, t.CompletedAt, t.ParentId, t.Assignee, t.CreatedAt, t.UpdatedAt,
                 parent == null ? null : new TaskDetailParentRow(parent.Id, parent.Title),
                 t.Owners.OrderBy(o => o.Id).Select(o => new TaskDetailOwnerRow(o.Id, o.TaskId, o.UserId, o.IsPrimary, o.AssignedAt)).ToList(),
                 db.Tasks.Where(s => s.ParentId == t.Id).OrderBy(s => s.Id)
                     .Select(s => new TaskDetailSubtaskRow(s.Id, s.Title, s.Status, s.CompletedAt)).ToList()))
            .FirstOrDefault());

    public Task<TaskDetailRow?> FindTaskDetailAsync(int taskId, int? visibleToUserId, int? organizationId, CancellationToken cancellationToken) =>
        TaskDetailQuery(this, taskId, visibleToUserId, organizationId, cancellationToken);
}
