using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Projects.ListProjects;

/// <summary>The projects the caller is a member of, most recently updated first.</summary>
[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("projects.list",
    "List the projects you are a member of (most recently updated first), with your role.", ReadOnly = true, Idempotent = true, Title = "List projects")]
public sealed record ListProjectsQuery : IRequest<IReadOnlyList<ProjectDto>>;

internal sealed class ListProjectsQueryHandler(IBoardsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<ListProjectsQuery, IReadOnlyList<ProjectDto>>
{
    public async Task<IReadOnlyList<ProjectDto>> Handle(ListProjectsQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        var rows = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Projects.AsNoTracking(), m => m.ProjectId, p => p.Id, (m, p) => new { Project = p, m.Role })
            .OrderByDescending(r => r.Project.UpdatedAt)
            .ThenByDescending(r => r.Project.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(r => ProjectDto.From(r.Project, r.Role.Length == 0 ? null : r.Role)).ToList();
    }
}
