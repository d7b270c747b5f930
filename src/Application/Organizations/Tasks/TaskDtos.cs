using System.Text.Json;
using Platform.Application.Common;
using Platform.Domain.Organizations;

namespace Platform.Application.Organizations.Tasks;

/// <summary>A task in a list (no relations).</summary>
public sealed record TaskSummaryDto(
    int Id,
    int OrganizationId,
    string Title,
    JsonElement? Description,
    WorkTaskStatus Status,
    DateTimeOffset? CompletedAt,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A task in the list_tasks page (no relations); its description is the stored JSON text, handed on
/// without being parsed (decision 0213).
/// </summary>
public sealed record TaskListItemDto(
    int Id,
    int OrganizationId,
    string Title,
    JsonText? Description,
    WorkTaskStatus Status,
    DateTimeOffset? CompletedAt,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A task with its owners (and their users), subtasks and parent; its description is the stored JSON
/// text, handed on without being parsed (decisions 0213, 0214).
/// </summary>
public sealed record TaskDetailDto(
    int Id,
    int OrganizationId,
    string Title,
    JsonText? Description,
    WorkTaskStatus Status,
    DateTimeOffset? CompletedAt,
    int? ParentId,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TaskOwnerDto> Owners,
    IReadOnlyList<SubtaskDto> Subtasks,
    TaskParentDto? Parent);

/// <summary>An owner of a task; <see cref="User"/> is null only if the user record is gone.</summary>
public sealed record TaskOwnerDto(int Id, int TaskId, int UserId, bool IsPrimary, DateTimeOffset AssignedAt, TaskOwnerUserDto? User);

public sealed record TaskOwnerUserDto(int Id, string Name, string Email);

public sealed record SubtaskDto(int Id, string Title, WorkTaskStatus Status, DateTimeOffset? CompletedAt);

public sealed record TaskParentDto(int Id, string Title);

public sealed record CreatedTaskDto(
    int Id,
    int OrganizationId,
    string Title,
    JsonElement? Description,
    WorkTaskStatus Status,
    string? Assignee,
    DateTimeOffset CreatedAt);

public sealed record UpdatedTaskDto(
    int Id,
    int OrganizationId,
    string Title,
    JsonElement? Description,
    WorkTaskStatus Status,
    string? Assignee,
    DateTimeOffset? CompletedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Converts between a task's stored JSON text and the JSON value the use cases speak.</summary>
public static class TaskDescription
{
    /// <summary>Upper bound of a description's JSON text, so tasks cannot become a blob store.</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>Null when the task has no description; a JSON null element when it stores JSON null.</summary>
    public static JsonElement? Parse(string? json) => json is null ? null : JsonElement.Parse(json);

    public static string ToText(JsonElement value) => value.GetRawText();
}
