using System.ComponentModel;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Sprints.CloseSprint;

/// <summary>A maintainer closes the ACTIVE sprint.</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("sprints.close",
    "Close the ACTIVE sprint (maintainers).", Title = "Close sprint")]
public sealed record CloseSprintCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The sprint's id (from sprints.list).")] int? SprintId) : IRequest<SprintDto>;

internal sealed class CloseSprintCommandValidator() : SprintRequestValidator<CloseSprintCommand>(x => x.ProjectSlug, x => x.SprintId);

internal sealed class CloseSprintCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CloseSprintCommand, SprintDto>
{
    public async Task<SprintDto> Handle(CloseSprintCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var sprint = await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken);
        sprint.Close(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return SprintDto.From(sprint);
    }
}
