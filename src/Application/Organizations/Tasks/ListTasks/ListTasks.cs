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
        var tasks = db.Tasks.AsNoTracking();
        if (request.OrganizationId is { } organizationId)
        {
            tasks = tasks.Where(t => t.OrganizationId == organizationId);
        }

        if (request.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        var rows = await tasks.VisibleTo(db, userId)
            .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Take(ListTasksQuery.Limit)
            .Select(t => new { t.Id, t.OrganizationId, t.Title, t.Description, t.Status, t.CompletedAt, t.Assignee, t.CreatedAt, t.UpdatedAt })
            .ToListAsync(cancellationToken);

        // One query in the common case; only an empty page says nothing about membership.
        if (rows.Count == 0 && request.OrganizationId is { } requested && !await db.IsMemberAsync(requested, userId, cancellationToken))
        {
            throw OrganizationErrors.NoAccessToOrganization(requested);
        }

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
