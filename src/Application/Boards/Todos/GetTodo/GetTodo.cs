using System.ComponentModel;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Todos.GetTodo;

[Authorize(Scope = Scopes.ProjectsRead)]
[Tool("todos.get",
    "Get one todo by its localId.", ReadOnly = true, Idempotent = true, Title = "Get todo")]
public sealed record GetTodoQuery(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The todo's number within the project.")] int? LocalId) : IRequest<TodoDto>;

internal sealed class GetTodoQueryValidator : AbstractValidator<GetTodoQuery>
{
    public GetTodoQueryValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.LocalId).PositiveId("localId");
    }
}

internal sealed class GetTodoQueryHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<GetTodoQuery, TodoDto>
{
    public async Task<TodoDto> Handle(GetTodoQuery request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        var todo = await db.FindTodoAsync(access.ProjectId, request.LocalId!.Value, cancellationToken);
        return await db.ToDtoAsync(todo, cancellationToken);
    }
}
