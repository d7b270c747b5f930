using System.Text;

namespace Platform.Domain.Boards;

/// <summary>
/// A card on a board. Addressed from outside by (project, <see cref="LocalId"/>); ordered inside its
/// lane by <see cref="Rank"/> then <see cref="Id"/>.
/// </summary>
public sealed class Todo
{
    private Todo()
    {
    }

    public long Id { get; private set; }

    public int ProjectId { get; private set; }

    /// <summary>Per-project, 1-based; never changes.</summary>
    public int LocalId { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string ColumnKey { get; private set; } = "";

    public long Rank { get; private set; }

    public int? EstimationPoints { get; private set; }

    public int? AssigneeUserId { get; private set; }

    public int? SprintId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Set when the todo enters the done lane; never cleared.</summary>
    public DateTimeOffset? DoneAt { get; private set; }

    public static Todo Create(
        int projectId, int localId, string title, string body, WorkflowColumn column, long rank,
        int? estimationPoints, int? assigneeUserId, int? sprintId, DateTimeOffset now) =>
        new()
        {
            ProjectId = projectId,
            LocalId = localId,
            Title = TodoRules.ValidTitle(title),
            Body = TodoRules.ValidBody(body),
            ColumnKey = column.Key,
            Rank = rank,
            EstimationPoints = TodoRules.ValidEstimation(estimationPoints),
            AssigneeUserId = assigneeUserId,
            SprintId = sprintId,
            CreatedAt = now,
            UpdatedAt = now,
            DoneAt = column.IsDone ? now : null,
        };

    public void Rename(string title) => Title = TodoRules.ValidTitle(title);

    public void Rewrite(string body) => Body = TodoRules.ValidBody(body);

    public void Estimate(int? points) => EstimationPoints = TodoRules.ValidEstimation(points);

    public void AssignTo(int? userId) => AssigneeUserId = userId;

    public void ScheduleIn(int? sprintId) => SprintId = sprintId;

    /// <summary>Places the todo in <paramref name="target"/> at <paramref name="rank"/>; entering the done lane from another lane stamps <see cref="DoneAt"/>.</summary>
    public void MoveTo(WorkflowColumn target, bool currentlyInDoneLane, long rank, DateTimeOffset now)
    {
        if (target.IsDone && !currentlyInDoneLane)
        {
            DoneAt = now;
        }

        ColumnKey = target.Key;
        Rank = rank;
        UpdatedAt = now;
    }

    /// <summary>Used when a lane is renumbered (1000, 2000, …) to make room.</summary>
    public void Rerank(long rank) => Rank = rank;

    public void Touch(DateTimeOffset now) => UpdatedAt = now;
}

/// <summary>The field rules every todo write follows (messages are the Scrumboy store's).</summary>
public static class TodoRules
{
    public const int MaxTitleBytes = 200;
    public const int MaxBodyBytes = 20000;
    public const int MaxTags = 20;

    /// <summary>The modified Fibonacci scale (estimation mode <c>MODIFIED_FIBONACCI</c>).</summary>
    public static readonly IReadOnlyList<int> AllowedPoints = [1, 2, 3, 5, 8, 13, 20, 40];

    public static string ValidTitle(string? title)
    {
        var trimmed = (title ?? "").Trim();
        if (trimmed.Length == 0 || Encoding.UTF8.GetByteCount(trimmed) > MaxTitleBytes)
        {
            throw BoardRuleErrors.TitleInvalid();
        }

        return trimmed;
    }

    public static string ValidBody(string? body)
    {
        body ??= "";
        if (Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            throw BoardRuleErrors.BodyTooLong();
        }

        return body;
    }

    public static int? ValidEstimation(int? points)
    {
        if (points is { } p && !AllowedPoints.Contains(p))
        {
            throw BoardRuleErrors.EstimationInvalid();
        }

        return points;
    }

    /// <summary>At most 20 tags, each canonicalised (<see cref="TagNames"/>), deduplicated and sorted.</summary>
    public static IReadOnlyList<string> ValidTags(IReadOnlyList<string?>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return [];
        }

        if (tags.Count > MaxTags)
        {
            throw BoardRuleErrors.TagsTooMany();
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in tags)
        {
            var canonical = TagNames.Canonicalize(raw)
                ?? throw BoardRuleErrors.TagInvalid(raw);
            names.Add(canonical);
        }

        return names.ToList();
    }
}
