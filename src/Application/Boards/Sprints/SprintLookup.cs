using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Sprints;

internal static class SprintLookup
{
    /// <summary>The project's sprint, or 404 when it does not exist or belongs to another project.</summary>
    public static async Task<Sprint> FindSprintAsync(this IBoardsDbContext db, int projectId, int sprintId, CancellationToken ct) =>
        await db.Sprints.FirstOrDefaultAsync(s => s.Id == sprintId && s.ProjectId == projectId, ct) ?? throw BoardErrors.NoSprint();

    /// <summary>Sprint names are unique within a project (exact, after trimming).</summary>
    public static async Task EnsureNameFreeAsync(this IBoardsDbContext db, int projectId, string name, int? exceptSprintId, CancellationToken ct)
    {
        if (await db.Sprints.AnyAsync(s => s.ProjectId == projectId && s.Name == name && s.Id != exceptSprintId, ct))
        {
            throw BoardErrors.SprintNameInUse();
        }
    }
}

/// <summary>The checks of every request addressing one sprint: a slug and a positive sprint id.</summary>
internal abstract class SprintRequestValidator<T> : AbstractValidator<T>
{
    protected SprintRequestValidator(System.Linq.Expressions.Expression<Func<T, string?>> slug, System.Linq.Expressions.Expression<Func<T, int?>> sprintId)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(slug).RequiredSlug();
        RuleFor(sprintId).PositiveId("sprintId");
    }
}
