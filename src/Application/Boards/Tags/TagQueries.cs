using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Tags;

internal static class TagQueries
{
    /// <summary>
    /// The tags shown for a project: its project-scoped tags (shared colour; deletable by
    /// maintainers) and every user-owned tag on at least one of its todos (the viewer's own colour;
    /// deletable by its owner), with the number of the project's todos carrying each, by name.
    /// </summary>
    public static async Task<List<ProjectTagDto>> ProjectTagsAsync(this IBoardsDbContext db, ProjectAccess access, CancellationToken ct)
    {
        var projectId = access.ProjectId;
        var actorId = access.ActorUserId;
        var projectTodos = db.Todos.Where(t => t.ProjectId == projectId).Select(t => t.Id);
        var shared = await db.Tags.AsNoTracking()
            .Where(t => t.OwnerUserId == null && t.ProjectId == projectId)
            .Select(t => new
            {
                t.Id,
                t.Name,
                t.Color,
                Count = db.TodoTags.Count(tt => tt.TagId == t.Id && projectTodos.Contains(tt.TodoId)),
            })
            .ToListAsync(ct);
        var owned = await db.TodoTags.AsNoTracking()
            .Where(tt => projectTodos.Contains(tt.TodoId))
            .Join(db.Tags.Where(t => t.OwnerUserId != null), tt => tt.TagId, t => t.Id, (tt, t) => new { t.Id, t.Name, t.OwnerUserId })
            .GroupBy(x => new { x.Id, x.Name, x.OwnerUserId })
            .Select(g => new
            {
                g.Key.Id,
                g.Key.Name,
                g.Key.OwnerUserId,
                Count = g.Count(),
                Color = db.TagColorPreferences.Where(p => p.TagId == g.Key.Id && p.UserId == actorId).Select(p => p.Color).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // Explicit (decision 0209): counts and colours come from grouped subqueries, and canDelete depends on the caller.
        var canDeleteShared = access.Rank >= ProjectRole.Maintainer;
        return shared.Select(t => new ProjectTagDto(t.Id, t.Name, t.Count, t.Color, canDeleteShared))
            .Concat(owned.Select(t => new ProjectTagDto(t.Id, t.Name, t.Count, t.Color, t.OwnerUserId == actorId)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ThenBy(t => t.TagId)
            .ToList();
    }

    /// <summary>A project-scoped tag of this project (user-owned tags and other projects' tags are 404).</summary>
    public static async Task<Tag> FindProjectTagAsync(this IBoardsDbContext db, int projectId, int tagId, CancellationToken ct) =>
        await db.Tags.FirstOrDefaultAsync(t => t.Id == tagId && t.OwnerUserId == null && t.ProjectId == projectId, ct)
        ?? throw BoardErrors.NoTag();

    /// <summary>A tag of the actor's own library, or 404.</summary>
    public static async Task<Tag> FindOwnTagAsync(this IBoardsDbContext db, int actorUserId, int tagId, CancellationToken ct) =>
        await db.Tags.FirstOrDefaultAsync(t => t.Id == tagId && t.OwnerUserId == actorUserId, ct)
        ?? throw BoardErrors.NoTag();

    /// <summary>A colour change: null clears; a blank string is refused (use null instead).</summary>
    public static IRuleBuilderOptions<T, string?> ColorOrNull<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || !string.IsNullOrWhiteSpace(c)).WithError(BoardErrors.ColorBlank());
}
