using Platform.Domain.Identity;

namespace Platform.Application.Common.Auditing;

/// <summary>
/// Marks an admin write. The <see cref="Behaviors.AuditBehavior{TRequest,TResponse}"/> runs the
/// request and appends one <see cref="AdminAuditEntry"/> in the same database transaction, so a
/// change is never stored without its audit row (nor the row without the change).
/// </summary>
/// <typeparam name="TResponse">The request's response, from which the target can be read (e.g. a new id).</typeparam>
public interface IAuditedRequest<in TResponse>
{
    /// <summary>What to record once the write succeeded. The summary must never hold secrets or passwords.</summary>
    AuditDescription DescribeAudit(TResponse response);
}

/// <summary>The audit row of one admin write: a stable action name, its target and a small summary.</summary>
public sealed record AuditDescription(string Action, string TargetType, string? TargetId, IReadOnlyDictionary<string, object?>? Summary = null)
{
    public static AuditDescription For(string action, string targetType, long targetId, IReadOnlyDictionary<string, object?>? summary = null) =>
        new(action, targetType, targetId.ToString(System.Globalization.CultureInfo.InvariantCulture), summary);
}

/// <summary>
/// The storage side of the audit trail (implemented by Infrastructure): runs a write and stores the
/// audit row it describes in one serializable transaction. A concurrent write that would make the
/// transaction inconsistent becomes a CONFLICT (the caller may retry).
/// </summary>
public interface IAuditStore
{
    Task<TResult> RecordAsync<TResult>(Func<Task<TResult>> write, Func<TResult, AdminAuditEntry> describe, CancellationToken ct);
}
