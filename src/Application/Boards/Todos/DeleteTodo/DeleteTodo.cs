using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Todos.DeleteTodo;

/// <summary>A maintainer deletes a todo (with its tag links).</summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("todos.delete",
    "Delete a todo (maintainers).", Destructive = true, Title = "Delete todo")]
public sealed record DeleteTodoCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The todo's number within the project.")] int? LocalId) : IRequest<Unit>;

internal sealed class DeleteTodoCommandValidator : AbstractValidator<DeleteTodoCommand>
{
    public DeleteTodoCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.LocalId).PositiveId("localId");
    }
}

internal sealed class DeleteTodoCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<DeleteTodoCommand, Unit>
{
    public async Task<Unit> Handle(DeleteTodoCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var todo = await db.FindTodoAsync(access.ProjectId, request.LocalId!.Value, cancellationToken);
        access.RequireWriteAccess();
        access.RequireExactlyMaintainer();
        db.Todos.Remove(todo);
        access.Project.Touch(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return Unit.Value;
    }
}
