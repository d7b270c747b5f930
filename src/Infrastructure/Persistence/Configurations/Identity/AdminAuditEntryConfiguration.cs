using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence.Configurations.Identity;

internal sealed class AdminAuditEntryConfiguration : IEntityTypeConfiguration<AdminAuditEntry>
{
    public void Configure(EntityTypeBuilder<AdminAuditEntry> builder)
    {
        builder.ToTable("admin_audit_log", IdentitySchema.Name);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.Property(e => e.Action).IsRequired().HasMaxLength(AdminAuditEntry.MaxActionLength);
        builder.Property(e => e.TargetType).IsRequired().HasMaxLength(AdminAuditEntry.MaxTargetTypeLength);
        builder.Property(e => e.TargetId).HasMaxLength(AdminAuditEntry.MaxTargetIdLength);
        builder.Property(e => e.Summary).IsRequired().HasColumnType("jsonb");
        builder.Property(e => e.TraceId).HasMaxLength(AdminAuditEntry.MaxTraceIdLength);
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => e.ActorUserId);
        builder.HasIndex(e => new { e.TargetType, e.TargetId });
    }
}
