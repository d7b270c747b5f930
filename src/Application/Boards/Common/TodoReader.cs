using Microsoft.EntityFrameworkCore;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Common;

/// <summary>Projects todos to <see cref="TodoDto"/>s, loading the tag names of all of them in one query.</summary>
internal static class TodoReader
{
    /// <param name="distinctTags">
    /// The board shows each tag name once; single-todo reads list every linked tag row (two owners'
    /// equal names appear twice).
    /// </param>
    public static async Task<IReadOnlyList<TodoDto>> ToDtosAsync(this IBoardsDbContext db, IReadOnlyList<Todo> todos, bool distinctTags, CancellationToken ct)
    {
        if (todos.Count == 0)
        {
            return [];
        }

        var ids = todos.Select(t => t.Id).ToArray();
        var links = await db.TodoTags
            .Where(tt => ids.Contains(tt.TodoId))
            .Join(db.Tags, tt => tt.TagId, tag => tag.Id, (tt, tag) => new { tt.TodoId, tag.Name })
            .ToListAsync(ct);
        var byTodo = links.ToLookup(l => l.TodoId, l => l.Name);
        return todos.Select(t =>
        {
            var names = byTodo[t.Id];
            if (distinctTags)
            {
                names = names.Distinct(StringComparer.Ordinal);
            }

            var sorted = names.Order(StringComparer.Ordinal).ToList();
            return ToDto(t, sorted.Count == 0 ? null : sorted);
        }).ToList();
    }

    public static async Task<TodoDto> ToDtoAsync(this IBoardsDbContext db, Todo todo, CancellationToken ct) =>
        (await db.ToDtosAsync([todo], distinctTags: false, ct))[0];

    // Explicit: board.get's per-row loop (a benchmarked hot path, decision 0209), and the tags come from a second query.
    internal static TodoDto ToDto(Todo t, IReadOnlyList<string>? tags) =>
        new(t.LocalId, t.Title, t.Body, t.ColumnKey, tags, t.EstimationPoints, t.AssigneeUserId, t.SprintId, t.CreatedAt, t.UpdatedAt, t.DoneAt);

    /// <summary>The todo with <paramref name="localId"/> in the project, or 404.</summary>
    public static async Task<Todo> FindTodoAsync(this IBoardsDbContext db, int projectId, int localId, CancellationToken ct) =>
        await db.Todos.FirstOrDefaultAsync(t => t.ProjectId == projectId && t.LocalId == localId, ct)
        ?? throw BoardErrors.NoTodo();

    /// <summary>The project's lanes in board order.</summary>
    public static async Task<List<WorkflowColumn>> WorkflowAsync(this IBoardsDbContext db, int projectId, CancellationToken ct) =>
        await db.WorkflowColumns.Where(c => c.ProjectId == projectId).OrderBy(c => c.Position).ThenBy(c => c.Id).ToListAsync(ct);

    /// <summary>Replaces all of a todo's tag links with the actor's own tags of those names (created on first use).</summary>
    public static async Task ReplaceTagsAsync(this IBoardsDbContext db, long todoId, IReadOnlyList<string> names, int actorUserId, DateTimeOffset now, CancellationToken ct)
    {
        await db.TodoTags.Where(tt => tt.TodoId == todoId).ExecuteDeleteAsync(ct);
        await db.AttachTagsAsync(todoId, names, actorUserId, now, ct);
    }

    /// <summary>Links a todo that has no tags yet to the actor's own tags of those names (created on first use).</summary>
    public static async Task AttachTagsAsync(this IBoardsDbContext db, long todoId, IReadOnlyList<string> names, int actorUserId, DateTimeOffset now, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return;
        }

        var tagIds = await db.EnsureOwnedTagsAsync(actorUserId, names, now, ct);
        foreach (var name in names)
        {
            db.TodoTags.Add(TodoTag.Link(todoId, tagIds[name]));
        }
    }
}
