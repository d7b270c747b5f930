using Microsoft.EntityFrameworkCore;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos;

/// <summary>
/// Placement of a todo in a lane (order: rank, then id). Runs under the project's write lock, so
/// the lane cannot change meanwhile. Only the neighbours a placement needs are read (indexed
/// single-row queries); the whole lane is loaded only when it has to be renumbered.
/// </summary>
internal static class Lane
{
    /// <summary>
    /// Resolves a neighbour reference: ≤ 0 or unknown ⇒ <see cref="BoardErrors.InvalidTodoReference"/>;
    /// in another lane ⇒ <see cref="BoardErrors.ReferenceNotInColumn"/>.
    /// </summary>
    public static async Task<Todo?> ResolveAnchorAsync(IBoardsDbContext db, int projectId, string columnKey, int? localId, string field, CancellationToken ct)
    {
        if (localId is not { } id)
        {
            return null;
        }

        if (id <= 0)
        {
            throw BoardErrors.TodoReferenceInvalid(field);
        }

        var anchor = await db.Todos.FirstOrDefaultAsync(t => t.ProjectId == projectId && t.LocalId == id, ct)
            ?? throw BoardErrors.TodoReferenceInvalid(field, id);
        if (!string.Equals(anchor.ColumnKey, columnKey, StringComparison.Ordinal))
        {
            throw BoardErrors.ReferenceOutsideColumn(field, id);
        }

        return anchor;
    }

    /// <summary>The lane's first and last todo (the moving one included), or nulls for an empty lane.</summary>
    public static async Task<(long? FirstId, long? LastId)> EndsAsync(IBoardsDbContext db, int projectId, string columnKey, CancellationToken ct)
    {
        var lane = db.Todos.Where(t => t.ProjectId == projectId && t.ColumnKey == columnKey);
        var first = await lane.OrderBy(t => t.Rank).ThenBy(t => t.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        var last = await lane.OrderByDescending(t => t.Rank).ThenByDescending(t => t.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        return (first, last);
    }

    /// <summary>
    /// The rank for <paramref name="moving"/> (null for a new todo) placed after and/or before the
    /// given anchors of the lane, or at its bottom without anchors. When the neighbours leave no
    /// room, the lane's other todos are renumbered 1000, 2000, … first (tracked, saved with the move).
    /// </summary>
    public static async Task<long> PlaceAsync(IBoardsDbContext db, int projectId, string columnKey, Todo? moving, Todo? after, Todo? before, CancellationToken ct)
    {
        var movingId = moving?.Id ?? 0;
        var others = db.Todos.Where(t => t.ProjectId == projectId && t.ColumnKey == columnKey && t.Id != movingId);
        RankPlan plan;
        if (after is not null && before is not null)
        {
            if (!SortsBefore(after, before))
            {
                throw BoardRuleErrors.ReferencesReversed();
            }

            plan = Ranking.Between([after.Rank, before.Rank], 0, 1);
        }
        else if (after is not null)
        {
            var next = await others.Where(t => t.Rank > after.Rank || (t.Rank == after.Rank && t.Id > after.Id))
                .OrderBy(t => t.Rank).ThenBy(t => t.Id).Select(t => (long?)t.Rank).FirstOrDefaultAsync(ct);
            plan = Ranking.After(next is { } n ? [after.Rank, n] : [after.Rank], 0);
        }
        else if (before is not null)
        {
            var previous = await others.Where(t => t.Rank < before.Rank || (t.Rank == before.Rank && t.Id < before.Id))
                .OrderByDescending(t => t.Rank).ThenByDescending(t => t.Id).Select(t => (long?)t.Rank).FirstOrDefaultAsync(ct);
            plan = previous is { } p ? Ranking.Before([p, before.Rank], 1) : Ranking.Before([before.Rank], 0);
        }
        else
        {
            var max = await others.MaxAsync(t => (long?)t.Rank, ct);
            plan = Ranking.Append(max is { } m ? [m] : []);
        }

        return plan.Renumbered is null ? plan.Rank : await RenumberAndPlaceAsync(others, after, before, ct);
    }

    /// <summary>No room between the neighbours: renumber the whole lane (current order) and place again.</summary>
    private static async Task<long> RenumberAndPlaceAsync(IQueryable<Todo> others, Todo? after, Todo? before, CancellationToken ct)
    {
        var lane = await others.OrderBy(t => t.Rank).ThenBy(t => t.Id).ToListAsync(ct);
        for (var i = 0; i < lane.Count; i++)
        {
            lane[i].Rerank((i + 1) * Ranking.Step);
        }

        var ranks = lane.Select(t => t.Rank).ToList();
        var afterIndex = after is null ? -1 : lane.FindIndex(t => t.Id == after.Id);
        var beforeIndex = before is null ? -1 : lane.FindIndex(t => t.Id == before.Id);
        var plan = (afterIndex >= 0, beforeIndex >= 0) switch
        {
            (true, true) => Ranking.Between(ranks, afterIndex, beforeIndex),
            (true, false) => Ranking.After(ranks, afterIndex),
            (false, true) => Ranking.Before(ranks, beforeIndex),
            _ => Ranking.Append(ranks),
        };
        return plan.Rank;
    }

    private static bool SortsBefore(Todo a, Todo b) => a.Rank < b.Rank || (a.Rank == b.Rank && a.Id < b.Id);
}
