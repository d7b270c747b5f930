using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Platform.Application.Common.Paging;
using Platform.Application.Common.Security;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Audit.ListAuditLog;

/// <summary>The audit trail, newest first, optionally narrowed to one actor, action or target.</summary>
[Authorize(Roles = [SystemRole.Owner, SystemRole.Admin])]
public sealed record ListAuditLogQuery(
    int? ActorUserId = null,
    string? Action = null,
    string? TargetType = null,
    string? TargetId = null,
    int Page = 1,
    int PageSize = Paging.DefaultPageSize) : IRequest<Page<AuditEntryDto>>, IPagedQuery;

internal sealed class ListAuditLogQueryValidator : AbstractValidator<ListAuditLogQuery>
{
    public ListAuditLogQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Action).MaximumLength(AdminAuditEntry.MaxActionLength).WithMessage("validation: action too long");
        RuleFor(q => q.TargetType).MaximumLength(AdminAuditEntry.MaxTargetTypeLength).WithMessage("validation: targetType too long");
        RuleFor(q => q.TargetId).MaximumLength(AdminAuditEntry.MaxTargetIdLength).WithMessage("validation: targetId too long");
    }
}

internal sealed class ListAuditLogQueryHandler(IAdminAuditDbContext db) : IRequestHandler<ListAuditLogQuery, Page<AuditEntryDto>>
{
    public Task<Page<AuditEntryDto>> Handle(ListAuditLogQuery request, CancellationToken cancellationToken)
    {
        var entries = db.AdminAuditLog.AsNoTracking();
        if (request.ActorUserId is { } actor)
        {
            entries = entries.Where(e => e.ActorUserId == actor);
        }

        if (!string.IsNullOrWhiteSpace(request.Action))
        {
            var action = request.Action.Trim();
            entries = entries.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(request.TargetType))
        {
            var targetType = request.TargetType.Trim();
            entries = entries.Where(e => e.TargetType == targetType);
        }

        if (!string.IsNullOrWhiteSpace(request.TargetId))
        {
            var targetId = request.TargetId.Trim();
            entries = entries.Where(e => e.TargetId == targetId);
        }

        // Explicit (decision 0209): a left join of each entry with its actor's user row.
        var query =
            from e in entries
            join u in db.Users on e.ActorUserId equals u.Id into actors
            from u in actors.DefaultIfEmpty()
            orderby e.Id descending
            select new AuditEntryDto(
                e.Id, e.OccurredAt, e.ActorUserId, u == null ? null : u.Email, u == null ? null : u.Name,
                e.Action, e.TargetType, e.TargetId, e.Summary, e.TraceId);
        return query.ToPageAsync(request, cancellationToken);
    }
}
