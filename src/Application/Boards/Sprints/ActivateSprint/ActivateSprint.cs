using System.ComponentModel;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Sprints.ActivateSprint;

/// <summary>A maintainer starts a PLANNED sprint; the project's currently ACTIVE sprint (if any) is closed.</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("sprints.activate",
    "Start a PLANNED sprint whose end is in the future (maintainers); "
    + "the currently ACTIVE sprint is closed.", Title = "Activate sprint")]
public sealed record ActivateSprintCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The sprint's id (from sprints.list).")] int? SprintId) : IRequest<SprintDto>;

internal sealed class ActivateSprintCommandValidator() : SprintRequestValidator<ActivateSprintCommand>(x => x.ProjectSlug, x => x.SprintId);

internal sealed class ActivateSprintCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<ActivateSprintCommand, SprintDto>
{
    public async Task<SprintDto> Handle(ActivateSprintCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();

        // Under the project lock, so two concurrent activations cannot both leave a sprint ACTIVE.
        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var sprint = await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken);
        var now = clock.GetUtcNow();
        sprint.Activate(now);
        var others = await db.Sprints.Where(s => s.ProjectId == access.ProjectId && s.State == SprintState.Active && s.Id != sprint.Id).ToListAsync(cancellationToken);
        foreach (var other in others)
        {
            other.Close(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return SprintDto.From(sprint);
    }
}
