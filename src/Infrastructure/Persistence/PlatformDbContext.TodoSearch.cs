using Npgsql;
using Platform.Application.Boards;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// <c>todos.search</c>'s read: the caller's role in the project and the hits in one statement (one
/// round trip; the hits are read only with a membership).
/// </summary>
public sealed partial class PlatformDbContext
{
    // $1 slug, $2 user id, $3 limit, $4 localId or title pattern.
    private const string TodoSearchHead =
        """
        SELECT (SELECT m.role FROM boards.project_members m WHERE m.project_id = p.id AND m.user_id = $2 LIMIT 1), h.local_id, h.title
        FROM boards.projects p
        LEFT JOIN LATERAL (
            SELECT t.local_id, t.title, t.updated_at FROM boards.todos t
            WHERE t.project_id = p.id
        """;

    private const string TodoSearchMember =
        ") h ON EXISTS (SELECT 1 FROM boards.project_members m WHERE m.project_id = p.id AND m.user_id = $2)\nWHERE p.slug = $1";

    private static readonly string[] TodoSearchSql =
    [
        TodoSearchHead + " ORDER BY t.updated_at DESC, t.local_id LIMIT $3" + TodoSearchMember + " ORDER BY h.updated_at DESC, h.local_id",
        TodoSearchHead + " AND t.local_id = $4 LIMIT $3" + TodoSearchMember,
        TodoSearchHead + @" AND t.title ILIKE $4 ESCAPE '\' ORDER BY t.local_id LIMIT $3" + TodoSearchMember + " ORDER BY h.local_id",
    ];

    async Task<TodoSearchRead> IBoardsDbContext.SearchTodosAsync(string slug, int userId, TodoSearch search, int limit, CancellationToken cancellationToken)
    {
        var variant = search.LocalId is not null ? 1 : search.Text is null ? 0 : 2;
        await using var command = RawCommand(TodoSearchSql[variant]);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (search.LocalId is { } localId)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = localId });
        }
        else if (search.Text is { } text)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "%" + EscapeLike(text) + "%" });
        }

        return await ReadRawAsync(command, async reader =>
        {
            var found = false;
            string? role = null;
            var hits = new List<(int, string)>(limit);
            while (await reader.ReadAsync(cancellationToken))
            {
                found = true;
                role = reader.IsDBNull(0) ? null : reader.GetString(0);
                if (!reader.IsDBNull(1))
                {
                    hits.Add((reader.GetInt32(1), reader.GetString(2)));
                }
            }

            return new TodoSearchRead(found, role, hits);
        }, cancellationToken);
    }
}
