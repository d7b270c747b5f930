namespace Platform.Domain.Identity;

/// <summary>
/// One admin write: who did what to which target, when, with a small JSON summary of the change
/// (never secrets or passwords). Rows are only ever appended.
/// </summary>
public sealed class AdminAuditEntry
{
    public const int MaxActionLength = 64;
    public const int MaxTargetTypeLength = 32;
    public const int MaxTargetIdLength = 128;
    public const int MaxTraceIdLength = 64;
    public const int MaxSummaryLength = 4000;

    private AdminAuditEntry()
    {
    }

    public long Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The signed-in user who made the change (no foreign key: the trail outlives its actors).</summary>
    public int ActorUserId { get; private set; }

    /// <summary>Stable dotted name, e.g. <c>user.disable</c>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>The kind of thing changed, e.g. <c>user</c>, <c>organization</c>.</summary>
    public string TargetType { get; private set; } = "";

    public string? TargetId { get; private set; }

    /// <summary>A JSON object (stored as jsonb).</summary>
    public string Summary { get; private set; } = "{}";

    public string? TraceId { get; private set; }

    public static AdminAuditEntry Record(
        DateTimeOffset occurredAt, int actorUserId, string action, string targetType, string? targetId, string summaryJson, string? traceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetType);
        if (action.Length > MaxActionLength || targetType.Length > MaxTargetTypeLength)
        {
            throw new ArgumentException("audit action or target type too long");
        }

        if (summaryJson.Length > MaxSummaryLength)
        {
            throw new ArgumentException("audit summary too long", nameof(summaryJson));
        }

        return new AdminAuditEntry
        {
            OccurredAt = occurredAt,
            ActorUserId = actorUserId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId is { Length: > MaxTargetIdLength } ? targetId[..MaxTargetIdLength] : targetId,
            Summary = summaryJson,
            TraceId = traceId is { Length: > MaxTraceIdLength } ? traceId[..MaxTraceIdLength] : traceId,
        };
    }
}
