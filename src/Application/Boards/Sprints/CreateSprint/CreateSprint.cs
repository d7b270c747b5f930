using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Sprints.CreateSprint;

/// <summary>
/// A maintainer plans a sprint (next number of the project). The planned dates are RFC 3339
/// date-times with an offset; past dates are allowed; the end may equal the start.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("sprints.create",
    "Plan a sprint (maintainers). Dates are RFC 3339 date-times with an offset, e.g. "
    + "2026-04-01T00:00:00Z.", Title = "Create sprint")]
public sealed record CreateSprintCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("Unique within the project, 1-200 bytes."), Required] string? Name = null,
    [property: Description("RFC 3339 start."), Required] string? PlannedStartAt = null,
    [property: Description("RFC 3339 end (not before the start)."), Required] string? PlannedEndAt = null)
    : IRequest<SprintDto>;

internal sealed class CreateSprintCommandValidator : AbstractValidator<CreateSprintCommand>
{
    public CreateSprintCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.Name).Must(n => !string.IsNullOrEmpty(n)).WithError(BoardErrors.Required("name"));
        RuleFor(x => x.PlannedStartAt).Must(s => !string.IsNullOrEmpty(s)).WithError(BoardErrors.Required("plannedStartAt"));
        RuleFor(x => x.PlannedEndAt).Must(s => !string.IsNullOrEmpty(s)).WithError(BoardErrors.Required("plannedEndAt"));
        RuleFor(x => x.PlannedStartAt).Custom((value, context) => CheckTime(value!, "plannedStartAt", context));
        RuleFor(x => x.PlannedEndAt).Custom((value, context) => CheckTime(value!, "plannedEndAt", context));
    }

    private static void CheckTime(string value, string field, ValidationContext<CreateSprintCommand> context)
    {
        if (!Rfc3339.TryParse(value, out _, out var error))
        {
            context.AddUnnamedFailure(BoardErrors.TimeInvalid(field, error));
        }
    }
}

internal sealed class CreateSprintCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CreateSprintCommand, SprintDto>
{
    public async Task<SprintDto> Handle(CreateSprintCommand request, CancellationToken cancellationToken)
    {
        Rfc3339.TryParse(request.PlannedStartAt!, out var start, out _);
        Rfc3339.TryParse(request.PlannedEndAt!, out var end, out _);
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();

        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var number = (await db.Sprints.Where(s => s.ProjectId == access.ProjectId).MaxAsync(s => (int?)s.Number, cancellationToken) ?? 0) + 1;
        var sprint = Sprint.Plan(access.ProjectId, number, request.Name!, start, end, clock.GetUtcNow());
        await db.EnsureNameFreeAsync(access.ProjectId, sprint.Name, null, cancellationToken);
        db.Sprints.Add(sprint);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return SprintDto.From(sprint);
    }
}
