using System.ComponentModel;
using System.Globalization;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos.SearchTodos;

/// <summary>
/// Finds todos to refer to: an empty query lists the most recently updated; a positive number is
/// a localId; any other text matches titles (case-insensitive substring), by localId. The limit
/// (default 20, 1..50) applies before <paramref name="ExcludeLocalIds"/> are dropped.
/// </summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("todos.search",
    "Find todos to refer to: an empty query lists the most recently updated, "
    + "a number finds that localId, other text matches titles (case-insensitive). "
    + "limit 1-50 (default 20) applies before excludeLocalIds are dropped.", ReadOnly = true, Idempotent = true, Title = "Search todos")]
public sealed record SearchTodosQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("Text in the title, or a localId.")] string? Query = null,
    [property: Description("At most this many hits (1-50, default 20).")] int? Limit = null,
    [property: Description("localIds to leave out.")] IReadOnlyList<int?>? ExcludeLocalIds = null)
    : IRequest<IReadOnlyList<TodoSearchHitDto>>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;
}

internal sealed class SearchTodosQueryValidator : AbstractValidator<SearchTodosQuery>
{
    public SearchTodosQueryValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.Limit).Must(l => l is null or (>= 1 and <= SearchTodosQuery.MaxLimit)).WithError(BoardErrors.OutOfRange("limit", 1, SearchTodosQuery.MaxLimit));
        RuleFor(x => x.ExcludeLocalIds).Must(ids => ids is null || ids.All(id => id > 0)).WithError(BoardErrors.PositiveIdsRequired("excludeLocalIds"));
    }
}

internal sealed class SearchTodosQueryHandler(IBoardsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<SearchTodosQuery, IReadOnlyList<TodoSearchHitDto>>
{
    public async Task<IReadOnlyList<TodoSearchHitDto>> Handle(SearchTodosQuery request, CancellationToken cancellationToken)
    {
        var slug = ProjectSlug.Normalize(request.ProjectSlug) ?? throw BoardRuleErrors.SlugInvalid();
        var limit = request.Limit ?? SearchTodosQuery.DefaultLimit;
        var text = (request.Query ?? "").Trim();
        var search = text.Length == 0
            ? new TodoSearch(null, null)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var localId) && localId > 0
                ? new TodoSearch(null, localId)
                : new TodoSearch(text, null);

        // Access and hits in one round trip; the access rule is ResolveProjectAsync's (404 below viewer).
        var read = await db.SearchTodosAsync(slug, currentUser.RequireUserId(), search, limit, cancellationToken);
        if (!read.Found || ProjectRoles.RankOf(read.Role) < ProjectRole.Viewer)
        {
            throw BoardErrors.NoProject();
        }

        var excluded = (request.ExcludeLocalIds ?? []).Select(id => id ?? 0).ToHashSet();
        return read.Hits.Where(h => !excluded.Contains(h.LocalId)).Select(h => new TodoSearchHitDto(h.LocalId, h.Title)).ToList();
    }
}
