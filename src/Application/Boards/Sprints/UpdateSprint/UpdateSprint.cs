using System.Text.Json;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Security;

namespace Platform.Application.Boards.Sprints.UpdateSprint;

/// <summary>
/// A maintainer revises a sprint. <paramref name="Patch"/> is a JSON object with any of
/// <c>name</c> (string), <c>plannedStartAt</c> and <c>plannedEndAt</c> (Unix milliseconds).
/// PLANNED sprints accept all three, ACTIVE ones only the end, CLOSED ones only the name.
/// </summary>
[Authorize]
public sealed record UpdateSprintCommand(string? ProjectSlug, int? SprintId, JsonElement? Patch) : IRequest<SprintDto>;

internal sealed class UpdateSprintCommandValidator : SprintRequestValidator<UpdateSprintCommand>
{
    public UpdateSprintCommandValidator()
        : base(x => x.ProjectSlug, x => x.SprintId) =>
        RuleFor(x => x.Patch).Must(p => p is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) }).WithError(BoardErrors.Required("patch"));
}

internal sealed class UpdateSprintCommandHandler(IBoardsDbContext db, ICurrentUser currentUser) : IRequestHandler<UpdateSprintCommand, SprintDto>
{
    private static readonly string[] Supported = ["name", "plannedStartAt", "plannedEndAt"];

    public async Task<SprintDto> Handle(UpdateSprintCommand request, CancellationToken cancellationToken)
    {
        var access = await db.ResolveProjectAsync(request.ProjectSlug, currentUser.RequireUserId(), cancellationToken);
        access.RequireMaintainerOrHigher();
        await using var scope = await db.LockProjectAsync(access.ProjectId, cancellationToken);
        var sprint = await db.FindSprintAsync(access.ProjectId, request.SprintId!.Value, cancellationToken);

        var fields = JsonPatch.Fields(request.Patch!.Value, Supported);
        foreach (var key in Supported)
        {
            if (fields.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Null)
            {
                throw BoardErrors.NotNullable(key);
            }
        }

        var name = fields.TryGetValue("name", out var n) ? n.ValueKind == JsonValueKind.String ? n.GetString() : throw BoardErrors.WrongType("name", "a string") : null;
        var start = Milliseconds(fields, "plannedStartAt");
        var end = Milliseconds(fields, "plannedEndAt");
        if (fields.Count == 0)
        {
            return SprintDto.From(sprint);
        }

        sprint.Revise(name, start, end);
        if (name is not null)
        {
            await db.EnsureNameFreeAsync(access.ProjectId, sprint.Name, sprint.Id, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return SprintDto.From(sprint);
    }

    private static DateTimeOffset? Milliseconds(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return null;
        }

        return JsonPatch.Integer(value) is { } ms && ms >= UnixMs.Min && ms <= UnixMs.Max
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw BoardErrors.WrongType(key, "an integer of Unix milliseconds");
    }
}
