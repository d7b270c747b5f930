using System.Text;
using Npgsql;
using NpgsqlTypes;
using Platform.Application.Boards;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// <c>board.get</c>'s read: one statement (so one snapshot, without a transaction) that returns the
/// project and the caller's role, whether the sprint filter names a sprint of the project, the
/// workflow with each lane's total, and every lane's page with its todos' tag names (decision 0102).
/// Rows: kind 0 = project, kind 1 = lane, kind 2 = todo.
/// </summary>
public sealed partial class PlatformDbContext
{
    // Parameters: $1 slug, $2 user id, $3 sprint id (or null), $4 rows per lane (limit + 1),
    // $5/$6/$7 cursor lane keys/ranks/ids, then $8 tag and $9 search pattern when filtered.
    private const string BoardHead =
        """
        WITH p AS (
            SELECT p.id, p.slug, p.name,
                   (SELECT m.role FROM boards.project_members m WHERE m.project_id = p.id AND m.user_id = $2 LIMIT 1) AS role
            FROM boards.projects p WHERE p.slug = $1),
        ok AS (SELECT id FROM p WHERE role IS NOT NULL),
        w AS (SELECT c.id, c.project_id, c.key, c.name, c.is_done, c.position FROM boards.workflow_columns c JOIN ok ON c.project_id = ok.id),
        """;

    private const string BoardTail =
        """
        lanes AS (
            SELECT t.* FROM w JOIN totals tot ON tot.column_key = w.key{1}
            CROSS JOIN LATERAL (
                SELECT t.id, t.local_id, t.title, t.body, t.column_key, t.rank, t.estimation_points, t.assignee_user_id,
                       t.sprint_id, t.created_at, t.updated_at, t.done_at
                FROM boards.todos t
                WHERE t.project_id = w.project_id AND t.column_key = w.key{0}{2}
                ORDER BY t.rank, t.id LIMIT $4) t)
        SELECT 0, p.slug, p.name, p.role, $3::integer IS NOT NULL AND EXISTS (SELECT 1 FROM boards.sprints s WHERE s.id = $3 AND s.project_id = p.id),
               NULL::integer, NULL::bigint, NULL::bigint, NULL::integer, NULL::integer, NULL::integer,
               NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::text[]
        FROM p
        UNION ALL
        SELECT 1, w.key, w.name, NULL, w.is_done, coalesce(tot.count, 0)::integer, w.position, w.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM w LEFT JOIN totals tot ON tot.column_key = w.key
        UNION ALL
        SELECT 2, l.column_key, l.title, l.body, NULL, l.local_id, l.rank, l.id, l.estimation_points, l.assignee_user_id, l.sprint_id,
               l.created_at, l.updated_at, l.done_at,
               ARRAY(SELECT g.name::text FROM boards.todo_tags tt JOIN boards.tags g ON g.id = tt.tag_id WHERE tt.todo_id = l.id)
        FROM lanes l
        """;

    private const string CountersTotals =
        """
        totals AS (SELECT cc.column_key, cc.count FROM boards.column_counts cc JOIN ok ON cc.project_id = ok.id WHERE cc.count > 0),
        """;

    // Only with cursors: each lane's keyset range (a range condition on the lane index). Without them the
    // lanes read the index from its start, which the planner then scans in order and stops after the limit.
    private const string CursorJoin = "\n            LEFT JOIN unnest($5::text[], $6::bigint[], $7::bigint[]) AS cur(key, rank, id) ON cur.key = w.key";

    private const string CursorRange =
        "\n                  AND (t.rank, t.id) > (coalesce(cur.rank, -9223372036854775808), coalesce(cur.id, -9223372036854775808))";

    private static readonly string[] BoardSql = BuildBoardSql();

    private static string[] BuildBoardSql()
    {
        // Index: 1 = tag, 2 = search, 4 = sprint, 8 = cursors. Unfiltered boards read the kept per-lane counts.
        var all = new string[16];
        for (var i = 0; i < all.Length; i++)
        {
            var filter = new StringBuilder();
            if ((i & 1) != 0)
            {
                filter.Append(" AND EXISTS (SELECT 1 FROM boards.todo_tags tt WHERE tt.todo_id = t.id AND tt.tag_id IN (SELECT g.id FROM boards.tags g WHERE g.name = $8 AND (g.owner_user_id IS NOT NULL OR g.project_id = t.project_id)))");
            }

            if ((i & 2) != 0)
            {
                filter.Append(@" AND (t.title ILIKE $9 ESCAPE '\' OR t.body ILIKE $9 ESCAPE '\')");
            }

            if ((i & 4) != 0)
            {
                filter.Append(" AND t.sprint_id = $3");
            }

            var totals = (i & 7) == 0
                ? CountersTotals
                : "totals AS (SELECT t.column_key, count(*) AS count FROM boards.todos t, ok WHERE t.project_id = ok.id" + filter + " GROUP BY t.column_key),\n";
            all[i] = BoardHead + "\n" + totals + string.Format(
                System.Globalization.CultureInfo.InvariantCulture, BoardTail, filter, (i & 8) != 0 ? CursorJoin : "", (i & 8) != 0 ? CursorRange : "");
        }

        return all;
    }

    async Task<BoardRead?> IBoardsDbContext.ReadBoardAsync(BoardReadRequest request, CancellationToken cancellationToken)
    {
        var variant = (request.Tag is null ? 0 : 1) + (request.Search is null ? 0 : 2) + (request.SprintId is null ? 0 : 4) + (request.Cursors.Count == 0 ? 0 : 8);
        await using var command = RawCommand(BoardSql[variant]);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Slug });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = request.UserId });
        parameters.Add(request.SprintId is { } sprint
            ? new NpgsqlParameter<int> { TypedValue = sprint }
            : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = request.RowsPerLane });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = request.Cursors.Select(c => c.ColumnKey).ToArray() });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = request.Cursors.Select(c => c.Rank).ToArray() });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = request.Cursors.Select(c => c.Id).ToArray() });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Tag ?? "" });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Search is null ? "" : "%" + EscapeLike(request.Search) + "%" });
        return await ReadRawAsync(command, async reader =>
        {
            BoardRead? board = null;
            var columns = new List<BoardReadColumn>();
            var todos = new List<BoardReadTodo>();
            while (await reader.ReadAsync(cancellationToken))
            {
                switch (reader.GetInt32(0))
                {
                    case 0:
                        board = new BoardRead(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4), columns, todos);
                        break;
                    case 1:
                        columns.Add(new BoardReadColumn(reader.GetString(1), reader.GetString(2), reader.GetBoolean(4), reader.GetInt32(5), (int)reader.GetInt64(6), reader.GetInt64(7)));
                        break;
                    default:
                        todos.Add(new BoardReadTodo(
                            reader.GetInt64(7),
                            reader.GetInt32(5),
                            reader.GetString(2),
                            reader.GetString(3),
                            reader.GetString(1),
                            reader.GetInt64(6),
                            reader.IsDBNull(8) ? null : reader.GetInt32(8),
                            reader.IsDBNull(9) ? null : reader.GetInt32(9),
                            reader.IsDBNull(10) ? null : reader.GetInt32(10),
                            reader.GetFieldValue<DateTimeOffset>(11),
                            reader.GetFieldValue<DateTimeOffset>(12),
                            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                            reader.GetFieldValue<string[]>(14)));
                        break;
                }
            }

            return board;
        }, cancellationToken);
    }
}
