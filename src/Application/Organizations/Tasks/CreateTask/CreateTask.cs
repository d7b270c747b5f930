using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Tasks.CreateTask;

/// <summary>
/// Creates a task in one of the user's organizations (the only one when <see cref="OrganizationId"/>
/// is omitted). The creator becomes the task's primary owner.
/// </summary>
[Authorize(Scope = Scopes.TasksWrite)]
[Tool("create_task",
    "Create a new task in an organization. organizationId is optional when the user belongs to exactly one organization "
    + "\u2014 call list_organizations first to pick one if needed.",
    Title = "Create task")]
public sealed record CreateTaskCommand(
    [property: Description("The title of the task"), Length(1, WorkTask.MaxTitleLength)] string? Title,
    [property: Description("Organization ID to create the task in. Omit if you belong to exactly one organization; "
                           + "call list_organizations to find the correct id otherwise.")] int? OrganizationId = null,
    [property: Description("Optional description (JSON format)")] JsonElement? Description = null,
    [property: Description("Initial status of the task"), DefaultValue(WorkTaskStatus.Todo)] WorkTaskStatus? Status = null,
    [property: Description("Optional assignee identifier"), MaxLength(WorkTask.MaxAssigneeLength)] string? Assignee = null) : IRequest<CreatedTaskDto>;

internal sealed class CreateTaskCommandValidator : AbstractValidator<CreateTaskCommand>
{
    public CreateTaskCommandValidator()
    {
        RuleFor(c => c.Title)
            .Must(t => t is { } s && s.Trim().Length is > 0 and <= WorkTask.MaxTitleLength)
            .WithMessage($"title must be 1 to {WorkTask.MaxTitleLength} characters");
        RuleFor(c => c.Assignee)
            .Must(a => a is null || a.Trim().Length <= WorkTask.MaxAssigneeLength)
            .WithMessage($"assignee must be at most {WorkTask.MaxAssigneeLength} characters");
        RuleFor(c => c.Description)
            .Must(d => d is not { } e || e.GetRawText().Length <= TaskDescription.MaxLength)
            .WithMessage($"description must be at most {TaskDescription.MaxLength} characters of JSON");
    }
}

internal sealed class CreateTaskCommandHandler(IOrganizationsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CreateTaskCommand, CreatedTaskDto>
{
    public async Task<CreatedTaskDto> Handle(CreateTaskCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();

        // A JSON null description is "no description", as in the original (description || null).
        var description = request.Description is { ValueKind: not JsonValueKind.Null } d ? d : (JsonElement?)null;
        var task = WorkTask.Draft(
            request.Title!, description is { } text ? TaskDescription.ToText(text) : null,
            request.Status ?? WorkTaskStatus.Todo, request.Assignee, userId, clock.GetUtcNow());

        // One statement resolves the organization (the requested one if the caller is its member; else their only one)
        // and, only then, stores the task with its primary owner: one round trip, no explicit transaction (decision 0214).
        var outcome = await db.InsertTaskAsync(task, request.OrganizationId, cancellationToken);
        if (outcome is not { TaskId: { } taskId, OrganizationId: { } organizationId })
        {
            throw request.OrganizationId is { } requested
                ? OrganizationErrors.NoAccessToOrganization(requested)
                : outcome.Memberships == 0 ? OrganizationErrors.NotAMember() : OrganizationErrors.AmbiguousOrganization();
        }

        // Explicit: create_task is a benchmarked hot path (decision 0209), and the description is the request's value, not the stored text.
        return new CreatedTaskDto(taskId, organizationId, task.Title, description, task.Status, task.Assignee, task.CreatedAt);
    }
}
