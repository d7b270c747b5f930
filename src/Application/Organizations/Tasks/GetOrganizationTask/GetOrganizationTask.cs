using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Domain.Common;
using Platform.Domain.Identity;

namespace Platform.Application.Organizations.Tasks.GetOrganizationTask;

/// <summary>One task of an organization, with owners, subtasks and parent, for an admin (no membership needed).</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record GetOrganizationTaskQuery(int OrganizationId, int TaskId) : IRequest<TaskDetailDto>;

internal sealed class GetOrganizationTaskQueryHandler(IOrganizationsDbContext db)
    : IRequestHandler<GetOrganizationTaskQuery, TaskDetailDto>
{
    public async Task<TaskDetailDto> Handle(GetOrganizationTaskQuery request, CancellationToken cancellationToken)
    {
        return await TaskDetails.LoadAsync(db, request.TaskId, visibleToUserId: null, request.OrganizationId, cancellationToken)
            ?? throw new NotFoundException("task not found", new Dictionary<string, object?>
            {
                ["organizationId"] = request.OrganizationId,
                ["taskId"] = request.TaskId,
            });
    }
}
