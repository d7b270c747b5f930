using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Domain.Boards;
using Platform.Domain.Common;

namespace Platform.Application.Boards.Todos;

/// <summary>
/// A lane's current order (rank, then id) and the neighbour references ("after X", "before Y")
/// that place a todo in it. Read under the project's write lock so the order cannot change meanwhile.
/// </summary>
internal sealed class Lane
{
    private Lane(string columnKey, List<Todo> items)
    {
        ColumnKey = columnKey;
        Items = items;
    }

    public string ColumnKey { get; }

    /// <summary>The lane's todos in board order.</summary>
    public List<Todo> Items { get; }

    public static async Task<Lane> LoadAsync(IBoardsDbContext db, int projectId, string columnKey, CancellationToken ct) =>
        new(columnKey, await db.Todos.Where(t => t.ProjectId == projectId && t.ColumnKey == columnKey).OrderBy(t => t.Rank).ThenBy(t => t.Id).ToListAsync(ct));

    /// <summary>
    /// Resolves a neighbour reference: ≤ 0 or unknown ⇒ <c>invalid local todo reference</c>; in another
    /// lane ⇒ <c>position reference must be in target column</c>.
    /// </summary>
    public static async Task<Todo?> ResolveAnchorAsync(IBoardsDbContext db, int projectId, string columnKey, int? localId, string field, CancellationToken ct)
    {
        if (localId is not { } id)
        {
            return null;
        }

        if (id <= 0)
        {
            throw ValidationFailedException.ForField("invalid local todo reference", field);
        }

        var anchor = await db.Todos.FirstOrDefaultAsync(t => t.ProjectId == projectId && t.LocalId == id, ct)
            ?? throw new ValidationFailedException("invalid local todo reference", BoardValidation.Details(("field", field), ("localId", id)));
        if (!string.Equals(anchor.ColumnKey, columnKey, StringComparison.Ordinal))
        {
            throw new ValidationFailedException("position reference must be in target column", BoardValidation.Details(("field", field), ("localId", id)));
        }

        return anchor;
    }

    /// <summary>
    /// Plans the rank of <paramref name="moving"/> (which may already be in the lane) placed after
    /// and/or before the given anchors, renumbering the other items first when there is no room.
    /// </summary>
    public long Place(Todo? moving, Todo? after, Todo? before)
    {
        var others = Items.Where(t => moving is null || t.Id != moving.Id).ToList();
        var ranks = others.Select(t => t.Rank).ToList();
        var afterIndex = after is null ? -1 : others.FindIndex(t => t.Id == after.Id);
        var beforeIndex = before is null ? -1 : others.FindIndex(t => t.Id == before.Id);
        var plan = (afterIndex >= 0, beforeIndex >= 0) switch
        {
            (true, true) => Ranking.Between(ranks, afterIndex, beforeIndex),
            (true, false) => Ranking.After(ranks, afterIndex),
            (false, true) => Ranking.Before(ranks, beforeIndex),
            _ => Ranking.Append(ranks),
        };

        if (plan.Renumbered is { } renumbered)
        {
            for (var i = 0; i < others.Count; i++)
            {
                others[i].Rerank(renumbered[i]);
            }
        }

        return plan.Rank;
    }
}
