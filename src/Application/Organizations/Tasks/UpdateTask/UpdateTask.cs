using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Tasks.UpdateTask;

/// <summary>
/// Changes the supplied fields of a task in one of the user's organizations; absent fields stay.
/// A JSON null description is stored as JSON null; a null assignee or completedAt clears it.
/// </summary>
[Authorize(Scope = Scopes.TasksWrite)]
[Tool("update_task", "Update an existing task.", Title = "Update task")]
public sealed record UpdateTaskCommand([property: Description("The ID of the task to update")] int TaskId) : IRequest<UpdatedTaskDto>
{
    [Description("New title for the task"), Length(1, WorkTask.MaxTitleLength)]
    public Optional<string> Title { get; init; }

    [Description("New description (JSON format)")]
    public Optional<JsonElement> Description { get; init; }

    [Description("New status for the task")]
    public Optional<WorkTaskStatus> Status { get; init; }

    [Description("New assignee identifier"), MaxLength(WorkTask.MaxAssigneeLength)]
    public Optional<string?> Assignee { get; init; }

    [Description("Completion timestamp (ISO 8601 format)")]
    public Optional<DateTimeOffset?> CompletedAt { get; init; }

    public bool ChangesSomething => Title.HasValue || Description.HasValue || Status.HasValue || Assignee.HasValue || CompletedAt.HasValue;
}

internal sealed class UpdateTaskCommandValidator : AbstractValidator<UpdateTaskCommand>
{
    public UpdateTaskCommandValidator()
    {
        RuleFor(c => c.Title)
            .Must(t => !t.HasValue || t.Value is { } s && s.Trim().Length is > 0 and <= WorkTask.MaxTitleLength)
            .WithMessage($"title must be 1 to {WorkTask.MaxTitleLength} characters");
        RuleFor(c => c.Assignee)
            .Must(a => !a.HasValue || a.Value is null || a.Value.Trim().Length <= WorkTask.MaxAssigneeLength)
            .WithMessage($"assignee must be at most {WorkTask.MaxAssigneeLength} characters");
        RuleFor(c => c.Description)
            .Must(d => !d.HasValue || d.Value.GetRawText().Length <= TaskDescription.MaxLength)
            .WithMessage($"description must be at most {TaskDescription.MaxLength} characters of JSON");
    }
}

internal sealed class UpdateTaskCommandHandler(IOrganizationsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<UpdateTaskCommand, UpdatedTaskDto>
{
    public async Task<UpdatedTaskDto> Handle(UpdateTaskCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        var task = await db.Tasks.Where(t => t.Id == request.TaskId).VisibleTo(db, userId).FirstOrDefaultAsync(cancellationToken)
                   ?? throw OrganizationErrors.TaskNotFound(request.TaskId);

        if (request.ChangesSomething)
        {
            var now = clock.GetUtcNow();
            if (request.Title.HasValue)
            {
                task.Rename(request.Title.Value!, now);
            }

            if (request.Description.HasValue)
            {
                task.Describe(TaskDescription.ToText(request.Description.Value), now);
            }

            if (request.Status.HasValue)
            {
                task.ChangeStatus(request.Status.Value, now);
            }

            if (request.Assignee.HasValue)
            {
                task.AssignTo(request.Assignee.Value, now);
            }

            if (request.CompletedAt.HasValue)
            {
                task.MarkCompletedAt(request.CompletedAt.Value?.ToUniversalTime(), now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        // Explicit: two sources (the description is the request's value when it set one, so it is not parsed back).
        var description = request.Description.HasValue ? request.Description.Value : TaskDescription.Parse(task.Description);
        return new UpdatedTaskDto(task.Id, task.OrganizationId, task.Title, description, task.Status, task.Assignee, task.CompletedAt, task.UpdatedAt);
    }
}
