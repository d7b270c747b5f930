using System.ComponentModel;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Sprints.ListSprints;

/// <summary>The project's sprints by number, each with its todo count, and the number of unscheduled todos.</summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("sprints.list",
    "List the project's sprints by number with their todo counts; "
    + "meta.unscheduledCount counts todos in no sprint.", ReadOnly = true, Idempotent = true, Title = "List sprints")]
public sealed record ListSprintsQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug) : IRequest<SprintListDto>;

internal sealed class ListSprintsQueryValidator : AbstractValidator<ListSprintsQuery>
{
    public ListSprintsQueryValidator() => RuleFor(x => x.ProjectSlug).RequiredSlug();
}

internal sealed class ListSprintsQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<ListSprintsQuery, SprintListDto>
{
    public async Task<SprintListDto> Handle(ListSprintsQuery request, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.BeginSnapshotReadAsync(cancellationToken);
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        var projectId = access.ProjectId;
        var rows = await db.Sprints.AsNoTracking()
            .Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.Number)
            .Select(s => new { Sprint = s, Count = db.Todos.Count(t => t.SprintId == s.Id) })
            .ToListAsync(cancellationToken);
        var unscheduled = await db.Todos.CountAsync(t => t.ProjectId == projectId && t.SprintId == null, cancellationToken);
        return new SprintListDto(rows.Select(r => SprintDto.From(r.Sprint, r.Count)).ToList(), unscheduled);
    }
}
