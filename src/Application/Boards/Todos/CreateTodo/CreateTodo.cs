using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Application.Common.Validation;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos.CreateTodo;

/// <summary>Where a new todo goes in its lane (either, both or neither neighbour; none ⇒ bottom).</summary>
public sealed record TodoPosition(
    [property: Description("Place after this todo.")] int? AfterLocalId = null,
    [property: Description("Place before this todo.")] int? BeforeLocalId = null);

/// <summary>
/// A maintainer adds a todo (next localId of the project) to a lane (default <c>backlog</c>; the
/// usual aliases accepted), optionally tagged, estimated, assigned, scheduled and positioned.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("todos.create",
    "Create a todo (maintainers). "
    + "columnKey defaults to backlog (aliases such as in-progress accepted); "
    + "position.afterLocalId/beforeLocalId place it next to todos of that column, "
    + "else it goes to the bottom.", Title = "Create todo")]
public sealed record CreateTodoCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("Title, 1-200 bytes."), Required] string? Title = null,
    [property: Description("Description, at most 20000 bytes.")] string? Body = null,
    [property: Description("Up to 20 tag names.")] [property: NameText] IReadOnlyList<string?>? Tags = null,
    [property: Description("Workflow column key (default backlog).")] string? ColumnKey = null,
    [property: Description("One of 1, 2, 3, 5, 8, 13, 20, 40.")] int? EstimationPoints = null,
    [property: Description("A sprint of this project.")] int? SprintId = null,
    [property: Description("A member of this project.")] int? AssigneeUserId = null,
    [property: Description("Neighbours in the target column."), AcceptsNull] TodoPosition? Position = null) : IRequest<TodoDto>;

internal sealed class CreateTodoCommandValidator : AbstractValidator<CreateTodoCommand>
{
    public CreateTodoCommandValidator()
    {
        RuleFor(x => x.ProjectSlug).RequiredSlug();
    }
}

internal sealed class CreateTodoCommandHandler(
    IBoardsDbContext db, ICurrentUser currentUser, IUserDirectory users, TimeProvider clock, TodoCreationBatcher batcher)
    : IRequestHandler<CreateTodoCommand, TodoDto>
{
    public async Task<TodoDto> Handle(CreateTodoCommand request, CancellationToken cancellationToken)
    {
        var actorId = currentUser.RequireUserId();
        var access = await db.ResolveProjectAsync(request.ProjectSlug, actorId, cancellationToken);
        var projectId = access.ProjectId;
        var columnKey = ColumnKeys.Normalize(request.ColumnKey);
        if (columnKey.Length == 0)
        {
            columnKey = ColumnKeys.Backlog;
        }

        // Lanes are fixed once a project exists, so the workflow is read before taking the lock.
        var workflow = await db.WorkflowAsync(projectId, cancellationToken);
        if (request.Position?.AfterLocalId is null && request.Position?.BeforeLocalId is null
            && request.Tags is not { Count: > 0 } && request.AssigneeUserId is null && request.SprintId is null)
        {
            // A todo for the bottom of its lane: checked here in the order of the path below, then written
            // with the other creates queued for the project (group commit, decision 0108).
            var draftTitle = TodoRules.ValidTitle(request.Title);
            var draftBody = TodoRules.ValidBody(request.Body);
            var draftPoints = TodoRules.ValidEstimation(request.EstimationPoints);
            access.RequireWriteAccess();
            access.RequireExactlyMaintainer();
            var lane = workflow.FirstOrDefault(c => c.Key == columnKey) ?? throw BoardErrors.ColumnKeyUnknown();
            return await batcher.CreateAsync(new TodoDraft(projectId, lane, draftTitle, draftBody, draftPoints), cancellationToken);
        }

        // The lock comes with the project's highest localId and the lane's highest rank (one round trip):
        // the critical section is that, the anchors when given, the insert and the commit.
        var now = clock.GetUtcNow();
        var locked = await db.LockProjectForTodoCreationAsync(projectId, [columnKey], now, cancellationToken);
        await using var scope = locked.Scope;
        var after = await Lane.ResolveAnchorAsync(db, projectId, columnKey, request.Position?.AfterLocalId, "afterLocalId", cancellationToken);
        var before = await Lane.ResolveAnchorAsync(db, projectId, columnKey, request.Position?.BeforeLocalId, "beforeLocalId", cancellationToken);

        var title = TodoRules.ValidTitle(request.Title);
        var body = TodoRules.ValidBody(request.Body);
        var points = TodoRules.ValidEstimation(request.EstimationPoints);
        var tags = TodoRules.ValidTags(request.Tags);
        access.RequireWriteAccess();
        access.RequireExactlyMaintainer();
        if (request.AssigneeUserId is { } assignee)
        {
            await AssigneeRules.EnsureAssignableAsync(db, users, projectId, assignee, cancellationToken);
        }

        var column = workflow.FirstOrDefault(c => c.Key == columnKey)
            ?? throw BoardErrors.ColumnKeyUnknown();
        var rank = after is null && before is null
            ? Ranking.Append(locked.LaneMaxRanks.TryGetValue(columnKey, out var max) ? [max] : []).Rank
            : await Lane.PlaceAsync(db, projectId, column.Key, null, after, before, cancellationToken);
        if (request.SprintId is { } sprintId)
        {
            await SprintRules.EnsureInProjectAsync(db, projectId, sprintId, cancellationToken);
        }

        var todo = Todo.Create(projectId, locked.MaxLocalId + 1, title, body, column, rank, points, request.AssigneeUserId, request.SprintId, now);
        db.Todos.Add(todo);
        await db.SaveChangesAsync(cancellationToken);
        if (tags.Count > 0)
        {
            await db.AttachTagsAsync(todo.Id, tags, actorId, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        // Without tags the new todo has no tag links to read back.
        return tags.Count == 0 ? TodoReader.ToDto(todo, null) : await db.ToDtoAsync(todo, cancellationToken);
    }
}

/// <summary>Who may be assigned: an existing user who is a member of the project (any role).</summary>
internal static class AssigneeRules
{
    public static async Task EnsureAssignableAsync(IBoardsDbContext db, IUserDirectory users, int projectId, int userId, CancellationToken ct)
    {
        if (await users.FindAsync(userId, ct) is null)
        {
            throw BoardErrors.AssigneeMissing();
        }

        if (!await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == userId, ct))
        {
            throw BoardErrors.AssigneeOutsideProject();
        }
    }
}

internal static class SprintRules
{
    /// <summary>A todo can only be scheduled in an existing sprint of its own project.</summary>
    public static async Task EnsureInProjectAsync(IBoardsDbContext db, int projectId, int sprintId, CancellationToken ct)
    {
        var owner = await db.Sprints.Where(s => s.Id == sprintId).Select(s => (int?)s.ProjectId).FirstOrDefaultAsync(ct);
        if (owner is null)
        {
            throw BoardErrors.ScheduleSprintMissing();
        }

        if (owner != projectId)
        {
            throw BoardErrors.ScheduleSprintForeign();
        }
    }
}
