using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Projects.ListAllProjects;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Boards.Projects.GetProject;

/// <summary>One project by id (admin view, no membership needed).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetProjectQuery(int ProjectId) : IRequest<AdminProjectDto>;

internal sealed class GetProjectQueryHandler(IBoardsDbContext db) : IRequestHandler<GetProjectQuery, AdminProjectDto>
{
    public async Task<AdminProjectDto> Handle(GetProjectQuery request, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().Where(p => p.Id == request.ProjectId).Select(AdminProjectDto.Projection(db)).FirstOrDefaultAsync(cancellationToken)
        ?? throw BoardErrors.AdminProjectNotFound(request.ProjectId);
}

internal static class AdminProjects
{
    public static async Task EnsureExistsAsync(IBoardsDbContext db, int projectId, CancellationToken ct)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            throw BoardErrors.AdminProjectNotFound(projectId);
        }
    }
}
