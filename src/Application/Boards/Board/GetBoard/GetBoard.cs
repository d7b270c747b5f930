using System.ComponentModel;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Board.GetBoard;

/// <summary>
/// One page per lane of a project's board, optionally filtered by tag, text (title or body) and
/// sprint. <paramref name="Limit"/> is per lane (absent/0 ⇒ 20, else 1..100); each lane pages with
/// its own keyset cursor.
/// </summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("board.get",
    "A page of todos per workflow column, optionally filtered by tag, "
    + "text (title or body) and sprint. limit is per column (default 20, 1-100); "
    + "pass meta.nextCursorByColumn entries back in cursorByColumn for the next page of a column.", ReadOnly = true, Idempotent = true, Title = "Get board")]
public sealed record GetBoardQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("Only todos carrying this tag.")] string? Tag = null,
    [property: Description("Only todos whose title or body contains this text (case-insensitive).")] string? Search = null,
    [property: Description("Only todos in this sprint.")] int? SprintId = null,
    [property: Description("Items per column (default 20, 1-100).")] int? Limit = null,
    [property: Description("Column key → cursor from meta.nextCursorByColumn.")] IReadOnlyDictionary<string, string?>? CursorByColumn = null) : IRequest<BoardDto>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

internal sealed class GetBoardQueryValidator : AbstractValidator<GetBoardQuery>
{
    public GetBoardQueryValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.Limit).Must(l => l is null or 0 or (>= 1 and <= GetBoardQuery.MaxLimit)).WithError(BoardErrors.OutOfRange("limit", 1, GetBoardQuery.MaxLimit));
        RuleFor(x => x.Tag).Must(t => string.IsNullOrWhiteSpace(t) || TagNames.Canonicalize(t) is not null).WithError(BoardErrors.TagFilterInvalid());
    }
}

internal sealed class GetBoardQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<GetBoardQuery, BoardDto>
{
    public async Task<BoardDto> Handle(GetBoardQuery request, CancellationToken cancellationToken)
    {
        var limit = request.Limit is null or 0 ? GetBoardQuery.DefaultLimit : request.Limit.Value;
        var tag = string.IsNullOrWhiteSpace(request.Tag) ? null : TagNames.Canonicalize(request.Tag);
        var search = (request.Search ?? "").Trim();

        // One snapshot for every query below: lanes, totals and tags agree even while todos move.
        await using var snapshot = await db.BeginSnapshotReadAsync(cancellationToken);
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        var projectId = access.ProjectId;
        if (request.SprintId is { } sprintId)
        {
            if (sprintId <= 0)
            {
                throw BoardErrors.PositiveIdRequired("sprintId");
            }

            if (!await db.Sprints.AnyAsync(s => s.Id == sprintId && s.ProjectId == projectId, cancellationToken))
            {
                throw BoardErrors.NoSprint();
            }
        }

        var workflow = await db.WorkflowAsync(projectId, cancellationToken);
        var cursors = ReadCursors(request.CursorByColumn, workflow);

        var filtered = db.Todos.AsNoTracking().Where(t => t.ProjectId == projectId);
        if (tag is not null)
        {
            // The tag's rows first (any owner, or shared in this project), then one key probe per todo.
            var tagIds = await db.Tags.Where(g => g.Name == tag && (g.OwnerUserId != null || g.ProjectId == projectId)).Select(g => g.Id).ToListAsync(cancellationToken);
            filtered = filtered.Where(t => db.TodoTags.Any(tt => tt.TodoId == t.Id && tagIds.Contains(tt.TagId)));
        }

        if (search.Length > 0)
        {
            filtered = db.WhereTextContains(filtered, search, includeBody: true);
        }

        if (request.SprintId is { } sprint)
        {
            filtered = filtered.Where(t => t.SprintId == sprint);
        }

        // One grouped COUNT for every lane's total, then one query for all lanes' pages: per lane a
        // keyset range (rank, id) > cursor, ordered, limit + 1 (to know whether more follow),
        // combined with UNION ALL; each part is an index range scan on (project, column, rank, id).
        // Unfiltered boards read the totals the database keeps per column (a trigger on todos);
        // filtered ones count what matches.
        var unfiltered = tag is null && search.Length == 0 && request.SprintId is null;
        var totals = unfiltered
            ? await db.ColumnCounts.AsNoTracking().Where(c => c.ProjectId == projectId && c.Count > 0)
                .ToDictionaryAsync(c => c.ColumnKey, c => c.Count, StringComparer.Ordinal, cancellationToken)
            : await filtered.GroupBy(t => t.ColumnKey)
                .Select(g => new { Key = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancellationToken);

        IQueryable<Todo>? lanes = null;
        foreach (var column in workflow.Where(c => totals.ContainsKey(c.Key)))
        {
            var key = column.Key;
            var lane = filtered.Where(t => t.ColumnKey == key);
            if (cursors.TryGetValue(key, out var cursor))
            {
                var (rank, id) = cursor;
                lane = lane.Where(t => t.Rank > rank || (t.Rank == rank && t.Id > id));
            }

            lane = lane.OrderBy(t => t.Rank).ThenBy(t => t.Id).Take(limit + 1);
            lanes = lanes is null ? lane : lanes.Concat(lane);
        }

        var fetched = lanes is null ? [] : await lanes.ToListAsync(cancellationToken);
        var byColumn = fetched.ToLookup(t => t.ColumnKey, StringComparer.Ordinal);
        var pages = new List<(WorkflowColumn Column, List<Todo> Items, bool HasMore)>(workflow.Count);
        foreach (var column in workflow)
        {
            var items = byColumn[column.Key].OrderBy(t => t.Rank).ThenBy(t => t.Id).ToList();
            var hasMore = items.Count > limit;
            if (hasMore)
            {
                items.RemoveAt(items.Count - 1);
            }

            pages.Add((column, items, hasMore));
        }

        var dtos = await db.ToDtosAsync(pages.SelectMany(p => p.Items).ToList(), distinctTags: true, cancellationToken);
        var byLocalId = dtos.ToDictionary(d => d.LocalId);
        // Explicit (decision 0209): board.get is a benchmarked hot path, and each lane is assembled from its page, cursor and total.
        var columns = pages.Select(p => new BoardColumnDto(
            p.Column.Key,
            p.Column.Name,
            p.Column.IsDone,
            p.Items.Select(t => byLocalId[t.LocalId]).ToList(),
            p.HasMore ? BoardCursor.Encode(p.Items[^1].Rank, p.Items[^1].Id) : null,
            p.HasMore,
            totals.GetValueOrDefault(p.Column.Key))).ToList();
        return new BoardDto(new BoardProjectDto(access.Project.Slug, access.Project.Name, access.StoredRole.Length == 0 ? null : access.StoredRole), columns);
    }

    /// <summary>Every cursor key must be a lane key (exactly); blank cursors mean "first page".</summary>
    private static Dictionary<string, (long Rank, long Id)> ReadCursors(IReadOnlyDictionary<string, string?>? cursorByColumn, List<WorkflowColumn> workflow)
    {
        var cursors = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        if (cursorByColumn is null)
        {
            return cursors;
        }

        var keys = workflow.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in cursorByColumn.Keys.Order(StringComparer.Ordinal))
        {
            if (!keys.Contains(key))
            {
                throw BoardErrors.CursorColumnUnknown(key);
            }
        }

        foreach (var column in workflow)
        {
            if (!cursorByColumn.TryGetValue(column.Key, out var raw) || string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            if (!BoardCursor.TryDecode(raw, out var rank, out var id))
            {
                throw BoardErrors.CursorInvalid(column.Key);
            }

            cursors[column.Key] = (rank, id);
        }

        return cursors;
    }
}
