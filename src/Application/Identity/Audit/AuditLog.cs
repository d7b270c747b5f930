using Microsoft.EntityFrameworkCore;
using Platform.Domain.Identity;

namespace Platform.Application.Identity.Audit;

/// <summary>The admin audit trail as the Identity module reads it.</summary>
public interface IAdminAuditDbContext
{
    DbSet<AdminAuditEntry> AdminAuditLog { get; }

    DbSet<User> Users { get; }
}

public sealed record AuditEntryDto(
    long Id,
    DateTimeOffset OccurredAt,
    int ActorUserId,
    string? ActorEmail,
    string? ActorName,
    string Action,
    string TargetType,
    string? TargetId,
    string SummaryJson,
    string? TraceId);
