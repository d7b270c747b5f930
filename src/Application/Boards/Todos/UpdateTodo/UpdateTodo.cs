using System.Text.Json;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Application.Common.Security;
using Platform.Application.Identity.Directory;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos.UpdateTodo;

/// <summary>
/// Changes some fields of a todo. <paramref name="Patch"/> is a JSON object with any of
/// <c>title, body, tags, estimationPoints, assigneeUserId, sprintId</c>; omitted fields keep their
/// value, <c>null</c> clears the nullable ones, tags are replaced wholesale. A contributor may
/// only rewrite the body of a todo assigned to them.
/// </summary>
[Authorize]
public sealed record UpdateTodoCommand(string? ProjectSlug, int? LocalId, JsonElement? Patch) : IRequest<TodoDto>;

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

/// <summary>A parsed todo patch: a field is changed when its flag is set (its value may be null to clear).</summary>
internal sealed record TodoPatch(
    bool HasTitle, string? Title,
    bool HasBody, string? Body,
    bool HasTags, IReadOnlyList<string?>? Tags,
    bool HasEstimation, int? EstimationPoints,
    bool HasAssignee, int? AssigneeUserId,
    bool HasSprint, int? SprintId)
{
    private static readonly string[] Supported = ["title", "body", "tags", "estimationPoints", "assigneeUserId", "sprintId"];

    public bool IsEmpty => !(HasTitle || HasBody || HasTags || HasEstimation || HasAssignee || HasSprint);

    public static TodoPatch Parse(JsonElement patch)
    {
        var fields = JsonPatch.Fields(patch, Supported);
        var title = Text(fields, "title");
        var body = Text(fields, "body");
        var tags = TagList(fields);
        var points = NullableInt(fields, "estimationPoints");
        var assignee = NullableInt(fields, "assigneeUserId");
        var sprint = NullableInt(fields, "sprintId");
        return new TodoPatch(
            title.Present, title.Value, body.Present, body.Value, tags.Present, tags.Value,
            points.Present, points.Value, assignee.Present, assignee.Value, sprint.Present, sprint.Value);
    }

    private static (bool Present, string? Value) Text(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return (false, null);
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => throw BoardErrors.NotNullable(key),
            JsonValueKind.String => (true, value.GetString()),
            _ => throw BoardErrors.WrongType(key, "a string"),
        };
    }

    private static (bool Present, IReadOnlyList<string?>? Value) TagList(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("tags", out var value))
        {
            return (false, null);
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            throw BoardErrors.NotNullable("tags");
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            throw BoardErrors.WrongType("tags", "an array of strings");
        }

        return (true, value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? "" : e.GetString()).ToList());
    }

    private static (bool Present, int? Value) NullableInt(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return (false, null);
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return (true, null);
        }

        return JsonPatch.Int32(value) is { } number ? (true, number) : throw BoardErrors.WrongType(key, "an integer or null");
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

            if (patch.HasBody)
            {
                todo.Rewrite(patch.Body!);
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
        var title = patch.HasTitle ? TodoRules.ValidTitle(patch.Title) : null;
        var body = patch.HasBody ? TodoRules.ValidBody(patch.Body) : null;
        var points = patch.HasEstimation ? TodoRules.ValidEstimation(patch.EstimationPoints) : null;
        var tags = patch.HasTags ? TodoRules.ValidTags(patch.Tags) : null;
        if (patch.HasAssignee)
        {
            access.RequireExactlyMaintainer();
            if (patch.AssigneeUserId is { } assignee)
            {
                await AssigneeRules.EnsureAssignableAsync(db, users, access.ProjectId, assignee, ct);
            }
        }

        // Only maintainers reach this point, so setting or clearing the sprint is allowed.
        if (patch.SprintId is { } sprintId)
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

        if (patch.HasEstimation)
        {
            todo.Estimate(points);
        }

        if (patch.HasAssignee)
        {
            todo.AssignTo(patch.AssigneeUserId);
        }

        if (patch.HasSprint)
        {
            todo.ScheduleIn(patch.SprintId);
        }

        if (tags is not null)
        {
            await db.ReplaceTagsAsync(todo.Id, tags, actorId, now, ct);
        }

        todo.Touch(now);
        access.Project.Touch(now);
    }
}
