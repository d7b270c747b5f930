using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
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

    // One statement: the task, its parent (a LEFT JOIN on the primary key), its owners and its subtasks
    // (one LATERAL aggregate each, over the task_id / parent_id indexes, ordered by id), as one row;
    // the description as its JSON text. The membership check is an EXISTS on the members' primary key.
    // Plain ADO.NET like list_tasks (decision 0205): EF's single query for two collections joined
    // both into a owners x subtasks product and cost more to run and to materialize (decision 0214).
    private const string TaskDetailSelect = """
        SELECT t.id, t.organization_id, t.title, t.description::text, t.status, t.completed_at, t.parent_id, t.assignee,
               t.created_at, t.updated_at, p.id, p.title,
               o.ids, o.user_ids, o.primaries, o.assigned,
               s.ids, s.titles, s.statuses, s.completed
        FROM organizations.tasks AS t
        LEFT JOIN organizations.tasks AS p ON p.id = t.parent_id
        CROSS JOIN LATERAL (
            SELECT array_agg(x.id ORDER BY x.id) AS ids, array_agg(x.user_id ORDER BY x.id) AS user_ids,
                   array_agg(x.is_primary ORDER BY x.id) AS primaries, array_agg(x.assigned_at ORDER BY x.id) AS assigned
            FROM organizations.task_owners AS x
            WHERE x.task_id = t.id) AS o
        CROSS JOIN LATERAL (
            SELECT array_agg(x.id ORDER BY x.id) AS ids, array_agg(x.title ORDER BY x.id) AS titles,
                   array_agg(x.status ORDER BY x.id) AS statuses, array_agg(x.completed_at ORDER BY x.id) AS completed
            FROM organizations.tasks AS x
            WHERE x.parent_id = t.id) AS s
        WHERE t.id = $1
        """;

    private const string TaskDetailOfMember = TaskDetailSelect + """

          AND EXISTS (SELECT 1 FROM organizations.members AS m WHERE m.organization_id = t.organization_id AND m.user_id = $2)
        """;

    private const string TaskDetailInOrganization = TaskDetailSelect + """

          AND t.organization_id = $2
        """;

    public async Task<TaskDetailRow?> FindTaskDetailAsync(int taskId, int? visibleToUserId, int? organizationId, CancellationToken cancellationToken)
    {
        var sql = (visibleToUserId, organizationId) switch
        {
            (not null, null) => TaskDetailOfMember,
            (null, not null) => TaskDetailInOrganization,
            (not null, not null) => TaskDetailOfMember + " AND t.organization_id = $3",
            (null, null) => TaskDetailSelect,
        };
        var connection = (NpgsqlConnection)Database.GetDbConnection();
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Transaction = (NpgsqlTransaction?)Database.CurrentTransaction?.GetDbTransaction(),
        };
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = taskId });
        if (visibleToUserId is { } userId)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        }

        if (organizationId is { } organization)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = organization });
        }

        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var owners = new List<TaskDetailOwnerRow>();
            if (!reader.IsDBNull(12))
            {
                var ids = reader.GetFieldValue<int[]>(12);
                var userIds = reader.GetFieldValue<int[]>(13);
                var primaries = reader.GetFieldValue<bool[]>(14);
                var assigned = reader.GetFieldValue<DateTimeOffset[]>(15);
                for (var i = 0; i < ids.Length; i++)
                {
                    owners.Add(new TaskDetailOwnerRow(ids[i], taskId, userIds[i], primaries[i], assigned[i]));
                }
            }

            var subtasks = new List<TaskDetailSubtaskRow>();
            if (!reader.IsDBNull(16))
            {
                var ids = reader.GetFieldValue<int[]>(16);
                var titles = reader.GetFieldValue<string[]>(17);
                var statuses = reader.GetFieldValue<string[]>(18);
                var completed = reader.GetFieldValue<DateTimeOffset?[]>(19);
                for (var i = 0; i < ids.Length; i++)
                {
                    subtasks.Add(new TaskDetailSubtaskRow(ids[i], titles[i], WorkTaskStatusNames.FromWire(statuses[i]), completed[i]));
                }
            }

            return new TaskDetailRow(
                reader.GetInt32(0),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                WorkTaskStatusNames.FromWire(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : new TaskDetailParentRow(reader.GetInt32(10), reader.GetString(11)),
                owners,
                subtasks);
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    // One statement, so one round trip and PostgreSQL's implicit transaction (no BEGIN/COMMIT): the
    // caller's memberships (only the requested organization when one is given; at most two otherwise),
    // then, only when exactly one was found, the task and its primary owner. The foreign key from
    // task_owners to tasks is checked at the end of the statement, when both rows exist.
    private const string InsertTaskMemberships = """
        WITH target AS (
            SELECT m.organization_id
            FROM organizations.members AS m
            WHERE m.user_id = $1
        """;

    private const string InsertTaskRest = """

            ORDER BY m.organization_id
            LIMIT 2
        ), chosen AS (
            SELECT min(organization_id) AS organization_id, count(*)::integer AS memberships FROM target
        ), task AS (
            INSERT INTO organizations.tasks (organization_id, title, description, status, assignee, created_at, updated_at)
            SELECT c.organization_id, $2, $3, $4, $5, $6, $6 FROM chosen AS c WHERE c.memberships = 1
            RETURNING id, organization_id
        ), owner AS (
            INSERT INTO organizations.task_owners (task_id, user_id, is_primary, assigned_at)
            SELECT t.id, $1, TRUE, $6 FROM task AS t
        )
        SELECT c.memberships, t.id, t.organization_id FROM chosen AS c LEFT JOIN task AS t ON TRUE
        """;

    private static readonly string[] InsertTaskSql =
    [
        InsertTaskMemberships + InsertTaskRest,
        InsertTaskMemberships + " AND m.organization_id = $7" + InsertTaskRest,
    ];

    public async Task<TaskInsertOutcome> InsertTaskAsync(NewWorkTask task, int? organizationId, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)Database.GetDbConnection();
        await using var command = new NpgsqlCommand(InsertTaskSql[organizationId is null ? 0 : 1], connection)
        {
            Transaction = (NpgsqlTransaction?)Database.CurrentTransaction?.GetDbTransaction(),
        };
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = task.CreatorUserId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task.Title });
        command.Parameters.Add(task.Description is { } description
            ? new NpgsqlParameter<string> { TypedValue = description, NpgsqlDbType = NpgsqlDbType.Jsonb }
            : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = task.Status.ToWire() });
        command.Parameters.Add(task.Assignee is { } assignee
            ? new NpgsqlParameter<string> { TypedValue = assignee }
            : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = task.CreatedAt });
        if (organizationId is { } organization)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = organization });
        }

        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return reader.IsDBNull(1)
                ? new TaskInsertOutcome(reader.GetInt32(0), null, null)
                : new TaskInsertOutcome(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }
}
