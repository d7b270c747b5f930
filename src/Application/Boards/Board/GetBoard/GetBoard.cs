using System.ComponentModel;
using FluentValidation;
using MediatR;
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
        var slug = ProjectSlug.Normalize(request.ProjectSlug) ?? throw BoardRuleErrors.SlugInvalid();

        // One statement, so one snapshot (decision 0102): project and role, the sprint check, lanes with
        // their totals (the kept per-lane counts when unfiltered, else a grouped count of the matches) and
        // every lane's keyset page (limit + 1 rows after its cursor, to know whether more follow) with the
        // todos' tag names. Cursors that decode are sent as they are; they are checked against the lanes
        // below, in the order of the checks that come first (project, sprint, then cursors).
        var decoded = new List<BoardReadCursor>();
        foreach (var (key, raw) in request.CursorByColumn ?? new Dictionary<string, string?>())
        {
            if (!string.IsNullOrWhiteSpace(raw) && BoardCursor.TryDecode(raw, out var rank, out var id))
            {
                decoded.Add(new BoardReadCursor(key, rank, id));
            }
        }

        var board = await db.ReadBoardAsync(
            new BoardReadRequest(slug, currentUser.RequireUserId(), tag, search.Length == 0 ? null : search, request.SprintId, limit + 1, decoded),
            cancellationToken);
        if (board is null || ProjectRoles.RankOf(board.Role) < ProjectRole.Viewer)
        {
            throw BoardErrors.NoProject();
        }

        if (request.SprintId is { } sprintId)
        {
            if (sprintId <= 0)
            {
                throw BoardErrors.PositiveIdRequired("sprintId");
            }

            if (!board.SprintExists)
            {
                throw BoardErrors.NoSprint();
            }
        }

        var workflow = board.Columns.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList();
        ValidateCursors(request.CursorByColumn, workflow);

        var byColumn = board.Todos.ToLookup(t => t.ColumnKey, StringComparer.Ordinal);
        // Explicit (decision 0209): board.get is a benchmarked hot path, and each lane is assembled from its page, cursor and total.
        var columns = new List<BoardColumnDto>(workflow.Count);
        foreach (var column in workflow)
        {
            var items = byColumn[column.Key].OrderBy(t => t.Rank).ThenBy(t => t.Id).ToList();
            var hasMore = items.Count > limit;
            if (hasMore)
            {
                items.RemoveAt(items.Count - 1);
            }

            columns.Add(new BoardColumnDto(
                column.Key,
                column.Name,
                column.IsDone,
                items.Select(ToDto).ToList(),
                hasMore ? BoardCursor.Encode(items[^1].Rank, items[^1].Id) : null,
                hasMore,
                column.Total));
        }

        var role = board.Role!;
        return new BoardDto(new BoardProjectDto(board.Slug, board.Name, role.Length == 0 ? null : role), columns);
    }

    // The board shows each tag name once, in ordinal order (as TodoReader does with distinctTags).
    private static TodoDto ToDto(BoardReadTodo t)
    {
        var tags = t.Tags.Count == 0 ? null : t.Tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new(t.LocalId, t.Title, t.Body, t.ColumnKey, tags, t.EstimationPoints, t.AssigneeUserId, t.SprintId, t.CreatedAt, t.UpdatedAt, t.DoneAt);
    }

    /// <summary>Every cursor key must be a lane key (exactly); blank cursors mean "first page".</summary>
    private static void ValidateCursors(IReadOnlyDictionary<string, string?>? cursorByColumn, List<BoardReadColumn> workflow)
    {
        if (cursorByColumn is null)
        {
            return;
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
            if (cursorByColumn.TryGetValue(column.Key, out var raw) && !string.IsNullOrWhiteSpace(raw) && !BoardCursor.TryDecode(raw, out _, out _))
            {
                throw BoardErrors.CursorInvalid(column.Key);
            }
        }
    }
}
