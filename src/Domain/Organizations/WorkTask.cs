using Platform.Domain.Common;

namespace Platform.Domain.Organizations;

public enum WorkTaskStatus
{
    Todo,
    InProgress,
    Done,
    Cancelled,
}

public static class WorkTaskStatusNames
{
    public static string ToWire(this WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.Todo => "TODO",
        WorkTaskStatus.InProgress => "IN_PROGRESS",
        WorkTaskStatus.Done => "DONE",
        _ => "CANCELLED",
    };

    /// <summary>Exact, case-sensitive names: TODO, IN_PROGRESS, DONE, CANCELLED.</summary>
    public static bool TryParse(string? value, out WorkTaskStatus status)
    {
        switch (value)
        {
            case "TODO":
                status = WorkTaskStatus.Todo;
                return true;
            case "IN_PROGRESS":
                status = WorkTaskStatus.InProgress;
                return true;
            case "DONE":
                status = WorkTaskStatus.Done;
                return true;
            case "CANCELLED":
                status = WorkTaskStatus.Cancelled;
                return true;
            default:
                status = WorkTaskStatus.Todo;
                return false;
        }
    }

    public static WorkTaskStatus FromWire(string value) =>
        TryParse(value, out var status) ? status : throw new ArgumentOutOfRangeException(nameof(value), value, "unknown task status");

    public static readonly IReadOnlyList<string> All = ["TODO", "IN_PROGRESS", "DONE", "CANCELLED"];
}

/// <summary>
/// A task inside an organization (named WorkTask so it never fights System.Threading.Tasks.Task).
/// Its description is any JSON document, kept as JSON text; <c>null</c> means no description
/// while the text <c>"null"</c> is a stored JSON null.
/// </summary>
public sealed class WorkTask
{
    public const int MaxTitleLength = 500;
    public const int MaxAssigneeLength = 200;

    private readonly List<TaskOwner> _owners = [];

    private WorkTask()
    {
    }

    public int Id { get; private set; }

    public int OrganizationId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>JSON text (stored as jsonb), or null when the task has no description.</summary>
    public string? Description { get; private set; }

    public WorkTaskStatus Status { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public int? ParentId { get; private set; }

    /// <summary>Free text naming whoever is responsible; unrelated to <see cref="Owners"/>.</summary>
    public string? Assignee { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyCollection<TaskOwner> Owners => _owners;

    /// <summary>Creates a task whose creator becomes its primary owner.</summary>
    public static WorkTask Create(
        int organizationId, string title, string? description, WorkTaskStatus status, string? assignee, int creatorUserId, DateTimeOffset now)
    {
        var task = new WorkTask
        {
            OrganizationId = organizationId,
            Title = ValidTitle(title),
            Description = description,
            Status = status,
            Assignee = ValidAssignee(assignee),
            CreatedAt = now,
            UpdatedAt = now,
        };
        task._owners.Add(TaskOwner.Create(creatorUserId, isPrimary: true, now));
        return task;
    }

    /// <summary>
    /// The values a new task starts with, checked by the same rules as <see cref="Create"/>, for a store
    /// that writes the task, its primary owner and the membership check as one statement (create_task).
    /// </summary>
    public static NewWorkTask Draft(string title, string? description, WorkTaskStatus status, string? assignee, int creatorUserId, DateTimeOffset now) =>
        new(ValidTitle(title), description, status, ValidAssignee(assignee), creatorUserId, now);

    public void Rename(string title, DateTimeOffset now)
    {
        Title = ValidTitle(title);
        UpdatedAt = now;
    }

    /// <summary>Replaces the description with a JSON document (the text "null" stores JSON null).</summary>
    public void Describe(string descriptionJson, DateTimeOffset now)
    {
        Description = descriptionJson;
        UpdatedAt = now;
    }

    /// <summary>Changes the status only; completion time is set separately (as the original tools do).</summary>
    public void ChangeStatus(WorkTaskStatus status, DateTimeOffset now)
    {
        Status = status;
        UpdatedAt = now;
    }

    public void AssignTo(string? assignee, DateTimeOffset now)
    {
        Assignee = ValidAssignee(assignee);
        UpdatedAt = now;
    }

    public void MarkCompletedAt(DateTimeOffset? completedAt, DateTimeOffset now)
    {
        CompletedAt = completedAt;
        UpdatedAt = now;
    }

    /// <summary>Makes this task a subtask of <paramref name="parent"/> (same organization, not itself, no 2-cycle).</summary>
    public void MakeSubtaskOf(WorkTask parent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.OrganizationId != OrganizationId)
        {
            throw ValidationFailedException.ForField("a parent task must belong to the same organization", "parentId");
        }

        if (parent.Id != 0 && (parent.Id == Id || parent.ParentId == Id))
        {
            throw ValidationFailedException.ForField("a task cannot be its own ancestor", "parentId");
        }

        ParentId = parent.Id;
        UpdatedAt = now;
    }

    /// <summary>Adds an owner; making one primary demotes the previous primary owner.</summary>
    public void AddOwner(int userId, bool isPrimary, DateTimeOffset now)
    {
        if (_owners.Exists(o => o.UserId == userId))
        {
            throw new ConflictException("user already owns this task", new Dictionary<string, object?> { ["userId"] = userId });
        }

        if (isPrimary)
        {
            foreach (var owner in _owners)
            {
                owner.Demote();
            }
        }

        _owners.Add(TaskOwner.Create(userId, isPrimary, now));
        UpdatedAt = now;
    }

    private static string ValidTitle(string? title)
    {
        var trimmed = (title ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxTitleLength)
        {
            throw ValidationFailedException.ForField($"title must be 1 to {MaxTitleLength} characters", "title");
        }

        return trimmed;
    }

    /// <summary>Empty or blank assignees are stored as none.</summary>
    private static string? ValidAssignee(string? assignee)
    {
        var trimmed = assignee?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxAssigneeLength)
        {
            throw ValidationFailedException.ForField($"assignee must be at most {MaxAssigneeLength} characters", "assignee");
        }

        return trimmed;
    }
}

/// <summary>A user who owns a task; at most one owner of a task is primary.</summary>
/// <summary>A task not stored yet, as <see cref="WorkTask.Draft"/> made it; its creator becomes its primary owner.</summary>
public sealed record NewWorkTask(string Title, string? Description, WorkTaskStatus Status, string? Assignee, int CreatorUserId, DateTimeOffset CreatedAt);

public sealed class TaskOwner
{
    private TaskOwner()
    {
    }

    public int Id { get; private set; }

    public int TaskId { get; private set; }

    public int UserId { get; private set; }

    public bool IsPrimary { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }

    internal static TaskOwner Create(int userId, bool isPrimary, DateTimeOffset now) =>
        new() { UserId = userId, IsPrimary = isPrimary, AssignedAt = now };

    internal void Demote() => IsPrimary = false;
}
