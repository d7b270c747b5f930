using System.Text;

namespace Platform.Domain.Boards;

public enum SprintState
{
    Planned,
    Active,
    Closed,
}

/// <summary>
/// A time box of a project: PLANNED → ACTIVE → CLOSED (no reopening). Numbered per project;
/// at most one ACTIVE per project (activating one closes the other).
/// </summary>
public sealed class Sprint
{
    public const int MaxNameBytes = 200;

    private Sprint()
    {
    }

    public int Id { get; private set; }

    public int ProjectId { get; private set; }

    public int Number { get; private set; }

    public string Name { get; private set; } = "";

    public DateTimeOffset PlannedStartAt { get; private set; }

    public DateTimeOffset PlannedEndAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public SprintState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Sprint Plan(int projectId, int number, string name, DateTimeOffset plannedStartAt, DateTimeOffset plannedEndAt, DateTimeOffset now)
    {
        var validName = ValidName(name);
        EnsureRange(plannedStartAt, plannedEndAt);
        return new Sprint
        {
            ProjectId = projectId,
            Number = number,
            Name = validName,
            PlannedStartAt = plannedStartAt,
            PlannedEndAt = plannedEndAt,
            State = SprintState.Planned,
            CreatedAt = now,
        };
    }

    public static string ValidName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || Encoding.UTF8.GetByteCount(trimmed) > MaxNameBytes)
        {
            throw BoardRuleErrors.SprintNameInvalid();
        }

        return trimmed;
    }

    public void Activate(DateTimeOffset now)
    {
        if (State != SprintState.Planned)
        {
            throw BoardRuleErrors.NotPlanned();
        }

        if (PlannedEndAt <= now)
        {
            throw BoardRuleErrors.EndedBeforeActivation();
        }

        State = SprintState.Active;
        StartedAt ??= now;
    }

    public void Close(DateTimeOffset now)
    {
        if (State != SprintState.Active)
        {
            throw BoardRuleErrors.NotActive();
        }

        State = SprintState.Closed;
        ClosedAt ??= now;
    }

    /// <summary>
    /// Applies a partial change. PLANNED: anything; ACTIVE: only the planned end; CLOSED: only the name.
    /// A new end must not precede the (new or current) start.
    /// </summary>
    public void Revise(string? name, DateTimeOffset? plannedStartAt, DateTimeOffset? plannedEndAt)
    {
        if (State == SprintState.Active && (name is not null || plannedStartAt is not null))
        {
            throw BoardRuleErrors.ActiveSprintChange();
        }

        if (State == SprintState.Closed && (plannedStartAt is not null || plannedEndAt is not null))
        {
            throw BoardRuleErrors.ClosedSprintChange();
        }

        var newName = name is null ? Name : ValidName(name);
        var newStart = plannedStartAt ?? PlannedStartAt;
        if (plannedEndAt is { } end)
        {
            EnsureRange(newStart, end);
        }

        Name = newName;
        PlannedStartAt = newStart;
        PlannedEndAt = plannedEndAt ?? PlannedEndAt;
    }

    private static void EnsureRange(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw BoardRuleErrors.SprintRangeInvalid();
        }
    }
}

public static class SprintStates
{
    public static string ToWire(this SprintState state) => state switch
    {
        SprintState.Active => "ACTIVE",
        SprintState.Closed => "CLOSED",
        _ => "PLANNED",
    };

    public static SprintState FromWire(string value) => value switch
    {
        "ACTIVE" => SprintState.Active,
        "CLOSED" => SprintState.Closed,
        _ => SprintState.Planned,
    };
}
