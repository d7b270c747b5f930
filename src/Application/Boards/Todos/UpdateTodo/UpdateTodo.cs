using System.ComponentModel;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Application.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos.UpdateTodo;

/// <summary>
/// Changes some fields of a todo. <paramref name="Patch"/> is a JSON object with any of
/// <c>title, body, tags, estimationPoints, assigneeUserId, sprintId</c>; omitted fields keep their
/// value, <c>null</c> clears the nullable ones, tags are replaced wholesale. A contributor may
/// only rewrite the body of a todo assigned to them.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("todos.update",
    "Change some fields of a todo. Omitted patch fields stay; null clears estimationPoints, "
    + "assigneeUserId and sprintId; tags are replaced wholesale. "
    + "Contributors may only change the body of a todo assigned to them.", Title = "Update todo")]
public sealed record UpdateTodoCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The todo's number within the project.")] int? LocalId,
    [property: Description("The fields to change."), JsonShape(typeof(TodoPatch))] JsonElement? Patch) : IRequest<TodoDto>;

internal sealed class UpdateTodoCommandValidator : AbstractValidator<UpdateTodoCommand>
{
    public UpdateTodoCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ProjectSlug).RequiredSlug();
        RuleFor(x => x.LocalId).PositiveId("localId");
        RuleFor(x => x.Patch).Must(p => p is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) }).WithError(BoardErrors.Required("patch"));
    }
}

/// <summary>
/// A parsed todo patch, the module's partial-update idiom: an <see cref="Optional{T}"/> member is
/// changed when present (null clears the nullable ones). Parsed by hand from the raw patch because the
/// contract checks it only after the caller's access to the todo, in its own order of checks.
/// </summary>
internal sealed record TodoPatch(
    [property: Description("New title.")] Optional<string> Title,
    [property: Description("New description.")] Optional<string> Body,
    [property: Description("The new tag list.")] Optional<IReadOnlyList<string?>> Tags,
    [property: Description("1, 2, 3, 5, 8, 13, 20, 40, or null.")] Optional<int?> EstimationPoints,
    [property: Description("A project member, or null.")] Optional<int?> AssigneeUserId,
    [property: Description("A sprint of this project, or null for unscheduled.")] Optional<int?> SprintId)
{
    private static readonly string[] Supported = ["title", "body", "tags", "estimationPoints", "assigneeUserId", "sprintId"];

    public bool IsEmpty => !(Title.HasValue || Body.HasValue || Tags.HasValue || EstimationPoints.HasValue || AssigneeUserId.HasValue || SprintId.HasValue);

    public static TodoPatch Parse(JsonElement patch)
    {
        var fields = JsonPatch.Fields(patch, Supported);
        return new TodoPatch(
            Text(fields, "title"), Text(fields, "body"), TagList(fields),
            NullableInt(fields, "estimationPoints"), NullableInt(fields, "assigneeUserId"), NullableInt(fields, "sprintId"));
    }

    private static Optional<string> Text(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return Optional<string>.None;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => throw BoardErrors.NotNullable(key),
            JsonValueKind.String => value.GetString()!,
            _ => throw BoardErrors.WrongType(key, "a string"),
        };
    }

    private static Optional<IReadOnlyList<string?>> TagList(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("tags", out var value))
        {
            return Optional<IReadOnlyList<string?>>.None;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            throw BoardErrors.NotNullable("tags");
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            throw BoardErrors.WrongType("tags", "an array of strings");
        }

        return value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? "" : e.GetString()).ToList();
    }

    private static Optional<int?> NullableInt(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return Optional<int?>.None;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<int?>.Of(null);
        }

        return JsonPatch.Int32(value) is { } number ? number : throw BoardErrors.WrongType(key, "an integer or null");
    }
}

internal sealed class UpdateTodoCommandHandler(IBoardsDbContext db, ICurrentUser currentUser, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<UpdateTodoCommand, TodoDto>
{
    public async Task<TodoDto> Handle(UpdateTodoCommand request, CancellationToken cancellationToken)
    {
        var actorId = currentUser.RequireUserId();
        var access = await db.ResolveProjectAsync(request.ProjectSlug, actorId, cancellationToken);
        var projectId = access.ProjectId;
        await using var scope = await db.LockProjectAsync(projectId, cancellationToken);
        var todo = await db.FindTodoAsync(projectId, request.LocalId!.Value, cancellationToken);
        var patch = TodoPatch.Parse(request.Patch!.Value);
        if (patch.IsEmpty)
        {
            // Nothing to change: no write and no permission check beyond reading.
            return await db.ToDtoAsync(todo, cancellationToken);
        }

        access.RequireWriteAccess();
        var now = clock.GetUtcNow();
        if (access.Rank == ProjectRole.Contributor)
        {
            // A contributor may only rewrite the body of a todo assigned to them; other fields are ignored.
            if (todo.AssigneeUserId != actorId)
            {
                throw BoardErrors.ContributorNotAssignee();
            }

            if (patch.Body.HasValue)
            {
                todo.Rewrite(patch.Body.Value);
                todo.Touch(now);
                access.Project.Touch(now);
            }
        }
        else
        {
            await ApplyFullPatchAsync(access, todo, patch, actorId, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return await db.ToDtoAsync(todo, cancellationToken);
    }

    private async Task ApplyFullPatchAsync(ProjectAccess access, Todo todo, TodoPatch patch, int actorId, DateTimeOffset now, CancellationToken ct)
    {
        var title = patch.Title.HasValue ? TodoRules.ValidTitle(patch.Title.Value) : null;
        var body = patch.Body.HasValue ? TodoRules.ValidBody(patch.Body.Value) : null;
        var points = patch.EstimationPoints.HasValue ? TodoRules.ValidEstimation(patch.EstimationPoints.Value) : null;
        var tags = patch.Tags.HasValue ? TodoRules.ValidTags(patch.Tags.Value) : null;
        if (patch.AssigneeUserId.HasValue)
        {
            access.RequireExactlyMaintainer();
            if (patch.AssigneeUserId.Value is { } assignee)
            {
                await AssigneeRules.EnsureAssignableAsync(db, users, access.ProjectId, assignee, ct);
            }
        }

        // Only maintainers reach this point, so setting or clearing the sprint is allowed.
        if (patch.SprintId is { HasValue: true, Value: { } sprintId })
        {
            await SprintRules.EnsureInProjectAsync(db, access.ProjectId, sprintId, ct);
        }

        if (title is not null)
        {
            todo.Rename(title);
        }

        if (body is not null)
        {
            todo.Rewrite(body);
        }

        if (patch.EstimationPoints.HasValue)
        {
            todo.Estimate(points);
        }

        if (patch.AssigneeUserId.HasValue)
        {
            todo.AssignTo(patch.AssigneeUserId.Value);
        }

        if (patch.SprintId.HasValue)
        {
            todo.ScheduleIn(patch.SprintId.Value);
        }

        if (tags is not null)
        {
            await db.ReplaceTagsAsync(todo.Id, tags, actorId, now, ct);
        }

        todo.Touch(now);
        access.Project.Touch(now);
    }
}
