using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos.MoveTodo;

/// <summary>
/// A maintainer moves a todo to the top or the bottom of a lane (the usual aliases accepted). No
/// neighbour, or "after" the lane's last item, puts it at the bottom; "before" the lane's first
/// item puts it at the top. Entering the done lane stamps doneAt.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("todos.move",
    "Move a todo to the top or bottom of a column (maintainers). No neighbour, "
    + "or afterLocalId = the column's last todo, puts it at the bottom; "
    + "beforeLocalId = the column's first todo puts it at the top.", Title = "Move todo")]
public sealed record MoveTodoCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The todo's number within the project.")] int? LocalId,
    [property: Description("Target column key (aliases such as in-progress accepted)."), Required] string? ToColumnKey = null,
    [property: Description("The target column's current last todo.")] int? AfterLocalId = null,
    [property: Description("The target column's current first todo.")] int? BeforeLocalId = null)
    : IRequest<TodoDto>;

internal sealed class MoveTodoCommandValidator : AbstractValidator<MoveTodoCommand>
{
    public MoveTodoCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.LocalId).PositiveId("localId");
        RuleFor(x => x.AfterLocalId).Custom((after, context) =>
        {
            if (after is not null && context.InstanceToValidate.BeforeLocalId is not null)
            {
                context.AddUnnamedFailure(BoardErrors.BothReferences());
            }
        });
        RuleFor(x => x.AfterLocalId).Must((request, after) => after is null || after != request.LocalId).WithError(BoardErrors.ReferencesItself("afterLocalId"));
        RuleFor(x => x.BeforeLocalId).Must((request, before) => before is null || before != request.LocalId).WithError(BoardErrors.ReferencesItself("beforeLocalId"));
    }
}

internal sealed class MoveTodoCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<MoveTodoCommand, TodoDto>
{
    public async Task<TodoDto> Handle(MoveTodoCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        var projectId = access.ProjectId;
        await using var scope = await db.LockProjectAsync(projectId, cancellationToken);
        var todo = await db.FindTodoAsync(projectId, request.LocalId!.Value, cancellationToken);
        var columnKey = ColumnKeys.Normalize(request.ToColumnKey);
        if (columnKey.Length == 0)
        {
            throw BoardErrors.Required("toColumnKey");
        }

        var after = await Lane.ResolveAnchorAsync(db, projectId, columnKey, request.AfterLocalId, "afterLocalId", cancellationToken);
        var before = await Lane.ResolveAnchorAsync(db, projectId, columnKey, request.BeforeLocalId, "beforeLocalId", cancellationToken);
        await EnsureAtBoundaryAsync(projectId, columnKey, after, before, cancellationToken);

        access.RequireExactlyMaintainer();
        var workflow = await db.WorkflowAsync(projectId, cancellationToken);
        var target = workflow.FirstOrDefault(c => c.Key == columnKey) ?? throw BoardErrors.ColumnKeyUnknown();
        var currentlyDone = workflow.Any(c => c.Key == todo.ColumnKey && c.IsDone);

        // Boundary anchors only: "before" the first item ⇒ top, otherwise ⇒ bottom.
        var rank = await Lane.PlaceAsync(db, projectId, columnKey, todo, null, before, cancellationToken);
        var now = clock.GetUtcNow();
        todo.MoveTo(target, currentlyDone, rank, now);
        access.Project.Touch(now);
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return await db.ToDtoAsync(todo, cancellationToken);
    }

    /// <summary>
    /// Over this dialect a move can only land at an end of the lane: "after" must name the lane's
    /// current last item and "before" its first (the moving todo included when already there).
    /// </summary>
    private async Task EnsureAtBoundaryAsync(int projectId, string columnKey, Todo? after, Todo? before, CancellationToken ct)
    {
        if (after is null && before is null)
        {
            return;
        }

        var (firstId, lastId) = await Lane.EndsAsync(db, projectId, columnKey, ct);
        if (after is not null && lastId != after.Id)
        {
            throw BoardErrors.ReferenceNotAtEnd("afterLocalId", after.LocalId);
        }

        if (before is not null && firstId != before.Id)
        {
            throw BoardErrors.ReferenceNotAtEnd("beforeLocalId", before.LocalId);
        }
    }
}
