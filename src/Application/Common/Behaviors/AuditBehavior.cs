using System.Diagnostics;
using System.Text.Json;
using MediatR;
using Platform.Application.Common.Auditing;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Common.Behaviors;

/// <summary>
/// Innermost behavior: an <see cref="IAuditedRequest{TResponse}"/> runs inside one transaction
/// together with its audit row; every other request passes straight through.
/// </summary>
internal sealed class AuditBehavior<TRequest, TResponse>(IAuditStore store, ICurrentUser currentUser, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web);

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not IAuditedRequest<TResponse> audited)
        {
            return next();
        }

        var actor = currentUser.RequireUserId();
        return store.RecordAsync(
            () => next(),
            response =>
            {
                var description = audited.DescribeAudit(response);
                return AdminAuditEntry.Record(
                    clock.GetUtcNow(),
                    actor,
                    description.Action,
                    description.TargetType,
                    description.TargetId,
                    Serialize(description.Summary),
                    Activity.Current?.TraceId.ToString());
            },
            cancellationToken);
    }

    private static string Serialize(IReadOnlyDictionary<string, object?>? summary)
    {
        var json = JsonSerializer.Serialize(summary ?? new Dictionary<string, object?>(), SummaryJson);
        return json.Length <= AdminAuditEntry.MaxSummaryLength ? json : """{"truncated":true}""";
    }
}
