using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Tasks.ListTasks;

/// <summary>
/// The 50 most recently updated tasks in the current user's organizations, optionally filtered by
/// status and narrowed to one organization, which the user must be a member of.
/// </summary>
[Authorize(Scope = Scopes.TasksRead)]
public sealed record ListTasksQuery(WorkTaskStatus? Status = null, int? OrganizationId = null) : IRequest<IReadOnlyList<TaskSummaryDto>>
{
    public const int Limit = 50;
}

internal sealed class ListTasksQueryHandler(IOrganizationsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<ListTasksQuery, IReadOnlyList<TaskSummaryDto>>
{
    public async Task<IReadOnlyList<TaskSummaryDto>> Handle(ListTasksQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        var memberOf = await db.MemberOrganizationIdsAsync(userId, cancellationToken);
        if (request.OrganizationId is { } requested && !memberOf.Contains(requested))
        {
            throw OrganizationErrors.NoAccessToOrganization(requested);
        }

        if (memberOf.Count == 0)
        {
            return [];
        }

        // One organization → an index range scan on (organization_id, updated_at desc, id desc) that
        // stops after 50 rows, however many tasks there are; several → = ANY(ids) and a top-50 sort.
        var tasks = db.Tasks.AsNoTracking();
        if (request.OrganizationId is not null || memberOf.Count == 1)
        {
            var only = request.OrganizationId ?? memberOf[0];
            tasks = tasks.Where(t => t.OrganizationId == only);
        }
        else
        {
            tasks = tasks.Where(t => memberOf.Contains(t.OrganizationId));
        }

        if (request.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        var rows = await tasks
            .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Take(ListTasksQuery.Limit)
            .Select(t => new { t.Id, t.OrganizationId, t.Title, t.Description, t.Status, t.CompletedAt, t.Assignee, t.CreatedAt, t.UpdatedAt })
            .ToListAsync(cancellationToken);

        var result = new TaskSummaryDto[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var t = rows[i];
            result[i] = new TaskSummaryDto(
                t.Id, t.OrganizationId, t.Title, TaskDescription.Parse(t.Description), t.Status, t.CompletedAt, t.Assignee, t.CreatedAt, t.UpdatedAt);
        }

        return result;
    }
}
