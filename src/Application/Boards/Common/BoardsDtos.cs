using Platform.Domain.Boards;
using Platform.Domain.Identity;

namespace Platform.Application.Boards.Common;

/// <summary>A project with the caller's stored membership role (null when none).</summary>
public sealed record ProjectDto(
    int Id,
    string Slug,
    string Name,
    string? Image,
    string DominantColor,
    int DefaultSprintWeeks,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Role,
    int? CreatorUserId = null)
{
    // Explicit (decision 0209): two sources (the project and the caller's membership role).
    public static ProjectDto From(Project p, string? role) =>
        new(p.Id, p.Slug, p.Name, p.Image, p.DominantColor, p.DefaultSprintWeeks, p.ExpiresAt, p.CreatedAt, p.UpdatedAt, role, p.CreatorUserId);
}

/// <summary>A todo as callers see it: identified by its project's slug and <see cref="LocalId"/>, never the internal id.</summary>
public sealed record TodoDto(
    int LocalId,
    string Title,
    string Body,
    string ColumnKey,
    IReadOnlyList<string>? Tags,
    int? EstimationPoints,
    int? AssigneeUserId,
    int? SprintId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DoneAt);

public sealed record TodoSearchHitDto(int LocalId, string Title);

public sealed record SprintDto(
    int Id,
    int Number,
    string Name,
    DateTimeOffset PlannedStartAt,
    DateTimeOffset PlannedEndAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ClosedAt,
    SprintState State,
    int? TodoCount)
{
    // Explicit (decision 0209): two sources (the sprint and a todo count from another table).
    public static SprintDto From(Sprint s, int? todoCount = null) =>
        new(s.Id, s.Number, s.Name, s.PlannedStartAt, s.PlannedEndAt, s.StartedAt, s.ClosedAt, s.State, todoCount);
}

public sealed record SprintListDto(IReadOnlyList<SprintDto> Items, int UnscheduledCount);

public sealed record ProjectTagDto(int TagId, string Name, int Count, string? Color, bool CanDelete);

public sealed record MineTagDto(int TagId, string Name, string? Color, bool CanDelete);

/// <summary>A membership with the member's user details; <see cref="Role"/> is normalised (owner ⇒ maintainer, editor ⇒ contributor).</summary>
public sealed record MemberDto(int UserId, string Email, string Name, string? Image, string Role, DateTimeOffset CreatedAt);

public sealed record AvailableUserDto(int UserId, string Email, string Name, SystemRole SystemRole, bool IsBootstrap, DateTimeOffset CreatedAt);

public sealed record BoardDto(BoardProjectDto Project, IReadOnlyList<BoardColumnDto> Columns);

public sealed record BoardProjectDto(string Slug, string Name, string? Role);

/// <summary>One lane's page: its items, the cursor of the next page (null when none), and the total matching the filters.</summary>
public sealed record BoardColumnDto(string Key, string Name, bool IsDone, IReadOnlyList<TodoDto> Items, string? NextCursor, bool HasMore, int TotalCount);
