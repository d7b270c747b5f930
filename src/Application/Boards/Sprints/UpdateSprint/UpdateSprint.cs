using System.ComponentModel;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;

namespace Platform.Application.Boards.Sprints.UpdateSprint;

/// <summary>
/// A maintainer revises a sprint. <paramref name="Patch"/> is a JSON object with any of
/// <c>name</c> (string), <c>plannedStartAt</c> and <c>plannedEndAt</c> (Unix milliseconds).
/// PLANNED sprints accept all three, ACTIVE ones only the end, CLOSED ones only the name.
/// </summary>
[Authorize(Scope = Scopes.ProjectsWrite)]
[Tool("sprints.update",
    "Revise a sprint (maintainers): PLANNED sprints accept name and both dates, "
    + "ACTIVE ones only plannedEndAt, CLOSED ones only the name. Dates are Unix milliseconds.", Title = "Update sprint")]
public sealed record UpdateSprintCommand(
    [property: Description("The project's slug (from projects.list).")] string? ProjectSlug,
    [property: Description("The sprint's id (from sprints.list).")] int? SprintId,
    [property: Description("The fields to change."), JsonShape(typeof(SprintPatch))] JsonElement? Patch) : IRequest<SprintDto>;

internal sealed class UpdateSprintCommandValidator : SprintRequestValidator<UpdateSprintCommand>
{
    public UpdateSprintCommandValidator()
        : base(x => x.ProjectSlug, x => x.SprintId) =>
        RuleFor(x => x.Patch).Must(p => p is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) }).WithError(BoardErrors.Required("patch"));
}

/// <summary>
/// A parsed sprint patch (the partial-update idiom: a present <see cref="Optional{T}"/> member changes).
/// Parsed by hand from the raw patch because the contract checks it only after the caller's access
/// to the sprint, in its own order of checks.
/// </summary>
internal sealed record SprintPatch(
    [property: Description("New name.")] Optional<string> Name,
    [property: Description("New start, Unix milliseconds.")] Optional<long> PlannedStartAt,
    [property: Description("New end, Unix milliseconds.")] Optional<long> PlannedEndAt)
{
    private static readonly string[] Supported = ["name", "plannedStartAt", "plannedEndAt"];

    public bool IsEmpty => !(Name.HasValue || PlannedStartAt.HasValue || PlannedEndAt.HasValue);

    public static SprintPatch Parse(JsonElement patch)
    {
        var fields = JsonPatch.Fields(patch, Supported);
        foreach (var key in Supported)
        {
            if (fields.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Null)
            {
                throw BoardErrors.NotNullable(key);
            }
        }

        var name = fields.TryGetValue("name", out var n)
            ? n.ValueKind == JsonValueKind.String ? n.GetString()! : throw BoardErrors.WrongType("name", "a string")
            : Optional<string>.None;
        return new SprintPatch(name, Milliseconds(fields, "plannedStartAt"), Milliseconds(fields, "plannedEndAt"));
    }

    private static Optional<long> Milliseconds(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return Optional<long>.None;
        }

        return JsonPatch.Integer(value) is { } ms && ms >= UnixMs.Min && ms <= UnixMs.Max
            ? ms
            : throw BoardErrors.WrongType(key, "an integer of Unix milliseconds");
    }
}

internal sealed class UpdateSprintCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<UpdateSprintCommand, SprintDto>
{
    public async Task<SprintDto> Handle(UpdateSprintCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var sprint = await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken);

        var patch = SprintPatch.Parse(request.Patch!.Value);
        if (patch.IsEmpty)
        {
            return SprintDto.From(sprint);
        }

        var name = patch.Name.HasValue ? patch.Name.Value : null;
        sprint.Revise(name, At(patch.PlannedStartAt), At(patch.PlannedEndAt));
        if (name is not null)
        {
            await db.EnsureNameFreeAsync(access.ProjectId, sprint.Name, sprint.Id, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return SprintDto.From(sprint);
    }

    private static DateTimeOffset? At(Optional<long> milliseconds) =>
        milliseconds.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds.Value) : null;
}
