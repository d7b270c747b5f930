using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Tasks.GetTask;

/// <summary>One task with its owners, subtasks and parent, if it lies in one of the user's organizations.</summary>
[Authorize(Scope = Scopes.TasksRead)]
public sealed record GetTaskQuery(int TaskId) : IRequest<TaskDetailDto>;

internal sealed class GetTaskQueryHandler(IOrganizationsDbContext db, IUserDirectory users, ICurrentUser currentUser)
    : IRequestHandler<GetTaskQuery, TaskDetailDto>
{
    public async Task<TaskDetailDto> Handle(GetTaskQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        return await TaskDetails.LoadAsync(db.Tasks.AsNoTracking().Where(t => t.Id == request.TaskId).VisibleTo(db, userId), db, users, cancellationToken)
            ?? throw OrganizationErrors.TaskNotFound(request.TaskId);
    }
}

/// <summary>Loads one task with its parent, owners (and their users) and subtasks, from a query that selects it.</summary>
internal static class TaskDetails
{
    public static async Task<TaskDetailDto?> LoadAsync(IQueryable<WorkTask> selected, IOrganizationsDbContext db, IUserDirectory users, CancellationToken ct)
    {
        // One round trip for the task, its parent (a LEFT JOIN on the primary key), owners and subtasks
        // (index joins on task_id / parent_id); a second one for the owners' users.
        var task = await (
                from t in selected
                join p in db.Tasks.AsNoTracking() on t.ParentId equals p.Id into parents
                from parent in parents.DefaultIfEmpty()
                select new
                {
                    t.Id, t.OrganizationId, t.Title, t.Description, t.Status, t.CompletedAt, t.ParentId, t.Assignee, t.CreatedAt, t.UpdatedAt,
                    Parent = parent == null ? null : new TaskParentDto(parent.Id, parent.Title),
                    Owners = t.Owners.OrderBy(o => o.Id).Select(o => new { o.Id, o.TaskId, o.UserId, o.IsPrimary, o.AssignedAt }).ToList(),
                    Subtasks = db.Tasks.Where(s => s.ParentId == t.Id).OrderBy(s => s.Id)
                        .Select(s => new SubtaskDto(s.Id, s.Title, s.Status, s.CompletedAt)).ToList(),
                })
            .FirstOrDefaultAsync(ct);
        if (task is null)
        {
            return null;
        }

        // Explicit: get_task is a benchmarked hot path (decision 0209), and owners join two sources (membership rows and the user directory).
        var ownerUsers = await users.GetManyAsync(task.Owners.Select(o => o.UserId).ToArray(), ct);
        var owners = task.Owners
            .Select(o => new TaskOwnerDto(
                o.Id, o.TaskId, o.UserId, o.IsPrimary, o.AssignedAt,
                ownerUsers.TryGetValue(o.UserId, out var u) ? new TaskOwnerUserDto(u.Id, u.Name, u.Email) : null))
            .ToList();

        return new TaskDetailDto(
            task.Id, task.OrganizationId, task.Title, TaskDescription.Parse(task.Description), task.Status, task.CompletedAt, task.ParentId,
            task.Assignee, task.CreatedAt, task.UpdatedAt, owners, task.Subtasks, task.Parent);
    }
}
