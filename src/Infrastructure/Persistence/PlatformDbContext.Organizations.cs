using System.Data;
using Microsoft.EntityFrameworkCore;
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
        await using var command = RawCommand(NewestTasksSql[(organizationId is null ? 0 : 2) + (status is null ? 0 : 1)]);
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

        return await ReadRawAsync(command, async reader =>
        {
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
        }, cancellationToken);
    }

    // One statement, one snapshot: the task with its parent's title (a LEFT JOIN on the primary key), then
    // its owners, then its subtasks (index joins on task_id / parent_id), as rows of one result ordered by
    // (kind, id). Kind 0 is the task; kind 1 an owner (user id in column 2, assigned_at in 6, is_primary
    // in 12, and from the Identity module's published view the user's id, name and e-mail in 7, 3 and 8,
    // null when the user is gone; decision 0216); kind 2 a subtask (title 3, status 5, completed_at 6).
    // Plain ADO.NET like list_tasks (decision 0205): EF's single query joined both collections into an
    // owners x subtasks product, and one array_agg(... ORDER BY id) per column cost a sort each (pgbench,
    // decision 0214).
    private const string TaskDetailTask = """
        WITH t AS (
            SELECT t.id, t.organization_id, t.title, t.description, t.status, t.completed_at, t.parent_id, t.assignee, t.created_at, t.updated_at
            FROM organizations.tasks AS t
            WHERE t.id = $1
        """;

    private const string TaskDetailRest = """

        )
        SELECT 0 AS kind, t.id, t.organization_id, t.title, t.description::text, t.status, t.completed_at, t.parent_id, t.assignee,
               t.created_at, t.updated_at, p.title AS parent_title, NULL::boolean AS is_primary
        FROM t LEFT JOIN organizations.tasks AS p ON p.id = t.parent_id
        UNION ALL
        SELECT 1, o.id, o.user_id, u.name, NULL, NULL, o.assigned_at, u.id, u.email, NULL, NULL, NULL, o.is_primary
        FROM t JOIN organizations.task_owners AS o ON o.task_id = t.id LEFT JOIN identity.user_directory AS u ON u.id = o.user_id
        UNION ALL
        SELECT 2, s.id, NULL, s.title, NULL, s.status, s.completed_at, NULL, NULL, NULL, NULL, NULL, NULL
        FROM t JOIN organizations.tasks AS s ON s.parent_id = t.id
        ORDER BY kind, id
        """;

    private const string OfMember = """

              AND EXISTS (SELECT 1 FROM organizations.members AS m WHERE m.organization_id = t.organization_id AND m.user_id = $2)
        """;

    private static readonly string[] TaskDetailSql =
    [
        TaskDetailTask + TaskDetailRest,
        TaskDetailTask + OfMember + TaskDetailRest,
        TaskDetailTask + " AND t.organization_id = $2" + TaskDetailRest,
        TaskDetailTask + OfMember + " AND t.organization_id = $3" + TaskDetailRest,
    ];

    public async Task<TaskDetailRow?> FindTaskDetailAsync(int taskId, int? visibleToUserId, int? organizationId, CancellationToken cancellationToken)
    {
        await using var command = RawCommand(TaskDetailSql[(visibleToUserId is null ? 0 : 1) + (organizationId is null ? 0 : 2)]);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = taskId });
        if (visibleToUserId is { } userId)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        }

        if (organizationId is { } organization)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = organization });
        }

        return await ReadRawAsync(command, async reader =>
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var id = reader.GetInt32(1);
            var organizationOfTask = reader.GetInt32(2);
            var title = reader.GetString(3);
            var description = reader.IsDBNull(4) ? null : reader.GetString(4);
            var status = WorkTaskStatusNames.FromWire(reader.GetString(5));
            DateTimeOffset? completedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6);
            int? parentId = reader.IsDBNull(7) ? null : reader.GetInt32(7);
            var assignee = reader.IsDBNull(8) ? null : reader.GetString(8);
            var createdAt = reader.GetFieldValue<DateTimeOffset>(9);
            var updatedAt = reader.GetFieldValue<DateTimeOffset>(10);
            var parent = parentId is { } pid && !reader.IsDBNull(11) ? new TaskDetailParentRow(pid, reader.GetString(11)) : null;

            var owners = new List<TaskDetailOwnerRow>();
            var subtasks = new List<TaskDetailSubtaskRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt32(0) == 1)
                {
                    var user = reader.IsDBNull(7) ? null : new TaskDetailOwnerUserRow(reader.GetInt32(7), reader.GetString(3), reader.GetString(8));
                    owners.Add(new TaskDetailOwnerRow(reader.GetInt32(1), id, reader.GetInt32(2), reader.GetBoolean(12), reader.GetFieldValue<DateTimeOffset>(6), user));
                }
                else
                {
                    subtasks.Add(new TaskDetailSubtaskRow(
                        reader.GetInt32(1), reader.GetString(3), WorkTaskStatusNames.FromWire(reader.GetString(5)),
                        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
                }
            }

            return new TaskDetailRow(
                id, organizationOfTask, title, description, status, completedAt, parentId, assignee, createdAt, updatedAt, parent, owners, subtasks);
        }, cancellationToken);
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
        await using var command = RawCommand(InsertTaskSql[organizationId is null ? 0 : 1]);
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

        return await ReadRawAsync(command, async reader =>
        {
            await reader.ReadAsync(cancellationToken);
            return reader.IsDBNull(1)
                ? new TaskInsertOutcome(reader.GetInt32(0), null, null)
                : new TaskInsertOutcome(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }, cancellationToken, CommandBehavior.SingleRow);
    }
}
