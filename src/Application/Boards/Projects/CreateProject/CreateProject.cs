using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Validation;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Projects.CreateProject;

/// <summary>
/// Creates a durable project; the caller becomes its maintainer. The slug comes from the name
/// (<c>-2</c>, <c>-3</c>, … on collision); <paramref name="Workflow"/> replaces the five default lanes.
/// </summary>
[Authorize]
public sealed record CreateProjectCommand([property: NameText] string? Name, IReadOnlyList<WorkflowColumnRequest>? Workflow = null) : IRequest<ProjectDto>;

internal sealed class CreateProjectCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CreateProjectCommand, ProjectDto>
{
    public async Task<ProjectDto> Handle(CreateProjectCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        var name = Project.ValidName(request.Name);
        var baseSlug = ProjectSlug.FromName(name);
        var workflow = request.Workflow is null ? Workflow.Default : Workflow.Validate(request.Workflow);
        var now = clock.GetUtcNow();

        await using var scope = await db.LockProjectCreationAsync(cancellationToken);
        var slug = await FreeSlugAsync(baseSlug, cancellationToken);
        var project = Project.Create(name, slug, userId, now);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);

        for (var i = 0; i < workflow.Count; i++)
        {
            db.WorkflowColumns.Add(WorkflowColumn.For(project.Id, workflow[i], i));
        }

        db.ProjectMembers.Add(ProjectMember.Create(project.Id, userId, ProjectRole.Maintainer, now));
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return ProjectDto.From(project, ProjectRole.Maintainer.ToWire());
    }

    private async Task<string> FreeSlugAsync(string baseSlug, CancellationToken ct)
    {
        var candidates = Enumerable.Range(1, ProjectSlug.MaxCollisionAttempts).Select(n => ProjectSlug.Candidate(baseSlug, n)).ToList();
        var taken = (await db.Projects.Where(p => candidates.Contains(p.Slug)).Select(p => p.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return candidates.FirstOrDefault(c => !taken.Contains(c))
            ?? throw BoardErrors.NoFreeSlug();
    }
}
