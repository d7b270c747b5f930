using System.ComponentModel;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Sprints.DeleteSprint;

/// <summary>A maintainer deletes a sprint; its todos become unscheduled.</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("sprints.delete",
    "Delete a sprint (maintainers); its todos become unscheduled.", Destructive = true, Title = "Delete sprint")]
public sealed record DeleteSprintCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The sprint's id (from sprints.list).")] int? SprintId) : IRequest<Unit>;

internal sealed class DeleteSprintCommandValidator() : SprintRequestValidator<DeleteSprintCommand>(x => x.ProjectSlug, x => x.SprintId);

internal sealed class DeleteSprintCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<DeleteSprintCommand, Unit>
{
    public async Task<Unit> Handle(DeleteSprintCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var sprint = await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken);
        await db.Todos.Where(t => t.SprintId == sprint.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.SprintId, (int?)null), cancellationToken);
        db.Sprints.Remove(sprint);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return Unit.Value;
    }
}
