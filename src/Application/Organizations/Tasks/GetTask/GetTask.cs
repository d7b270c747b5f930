using System.ComponentModel;
using MediatR;
using Platform.Application.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Organizations.Tasks.GetTask;

/// <summary>One task with its owners, subtasks and parent, if it lies in one of the user's organizations.</summary>
[Authorize(Scope = Scopes.TasksRead)]
[Tool("get_task", "Get detailed information about a specific task by ID.", Title = "Get task", ReadOnly = true, Idempotent = true)]
public sealed record GetTaskQuery([property: Description("The ID of the task to retrieve")] int TaskId) : IRequest<TaskDetailDto>;

internal sealed class GetTaskQueryHandler(IOrganizationsDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetTaskQuery, TaskDetailDto>
{
    public async Task<TaskDetailDto> Handle(GetTaskQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        return await TaskDetails.LoadAsync(db, request.TaskId, visibleToUserId: userId, organizationId: null, cancellationToken)
            ?? throw OrganizationErrors.TaskNotFound(request.TaskId);
    }
}

/// <summary>Loads one task with its parent, owners (and their users) and subtasks.</summary>
internal static class TaskDetails
{
    public static async Task<TaskDetailDto?> LoadAsync(
        IOrganizationsDbContext db, int taskId, int? visibleToUserId, int? organizationId, CancellationToken ct)
    {
        // One statement for the task, its parent, owners and subtasks, and the owners' users from the view the Identity
        // module publishes for other modules' statements, never its tables (decisions 0214, 0216).
        var task = await db.FindTaskDetailAsync(taskId, visibleToUserId, organizationId, ct);
        if (task is null)
        {
            return null;
        }

        // Explicit: get_task is a benchmarked hot path (decision 0209).
        var owners = task.Owners
            .Select(o => new TaskOwnerDto(
                o.Id, o.TaskId, o.UserId, o.IsPrimary, o.AssignedAt, o.User is { } u ? new TaskOwnerUserDto(u.Id, u.Name, u.Email) : null))
            .ToList();

        return new TaskDetailDto(
            task.Id, task.OrganizationId, task.Title, task.Description is { } json ? new JsonText(json) : null, task.Status, task.CompletedAt, task.ParentId,
            task.Assignee, task.CreatedAt, task.UpdatedAt, owners,
            task.Subtasks.Select(s => new SubtaskDto(s.Id, s.Title, s.Status, s.CompletedAt)).ToList(),
            task.Parent is { } parent ? new TaskParentDto(parent.Id, parent.Title) : null);
    }
}
