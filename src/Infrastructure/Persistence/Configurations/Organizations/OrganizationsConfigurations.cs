using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Organizations;

namespace Platform.Infrastructure.Persistence.Configurations.Organizations;

internal static class OrganizationsSchema
{
    public const string Name = "organizations";
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations", OrganizationsSchema.Name);
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).UseIdentityByDefaultColumn();
        builder.Property(o => o.Name).IsRequired().HasMaxLength(Organization.MaxNameLength);
        builder.Property(o => o.Slug).IsRequired().HasMaxLength(Organization.MaxSlugLength);
        builder.Property(o => o.Logo);
        builder.HasIndex(o => o.Slug).IsUnique().HasDatabaseName("ix_organizations_slug");
    }
}

internal sealed class OrganizationMemberConfiguration : IEntityTypeConfiguration<OrganizationMember>
{
    public void Configure(EntityTypeBuilder<OrganizationMember> builder)
    {
        builder.ToTable("members", OrganizationsSchema.Name);
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).UseIdentityByDefaultColumn();
        builder.Property(m => m.Role).IsRequired().HasMaxLength(16)
            .HasConversion(r => r.ToWire(), s => OrganizationRoleNames.FromWire(s));
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);

        // One membership per user and organization; the second index serves "my organizations"
        // and the membership semi-join of every task query (user first, covering the org id).
        builder.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique().HasDatabaseName("ix_members_organization_id_user_id");
        builder.HasIndex(m => new { m.UserId, m.OrganizationId }).HasDatabaseName("ix_members_user_id_organization_id");
    }
}

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> builder)
    {
        builder.ToTable("tasks", OrganizationsSchema.Name);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.Title).IsRequired().HasMaxLength(WorkTask.MaxTitleLength);
        builder.Property(t => t.Description).HasColumnType("jsonb");
        builder.Property(t => t.Status).IsRequired().HasMaxLength(16)
            .HasConversion(s => s.ToWire(), s => WorkTaskStatusNames.FromWire(s));
        builder.Property(t => t.Assignee).HasMaxLength(WorkTask.MaxAssigneeLength);

        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkTask>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(t => t.Owners).WithOne().HasForeignKey(o => o.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Owners).UsePropertyAccessMode(PropertyAccessMode.Field);

        // list_tasks: newest first per organization, with and without a status filter.
        builder.HasIndex(t => new { t.OrganizationId, t.UpdatedAt, t.Id }).IsDescending(false, true, true)
            .HasDatabaseName("ix_tasks_organization_id_updated_at");
        builder.HasIndex(t => new { t.OrganizationId, t.Status, t.UpdatedAt, t.Id }).IsDescending(false, false, true, true)
            .HasDatabaseName("ix_tasks_organization_id_status_updated_at");
        builder.HasIndex(t => t.ParentId).HasDatabaseName("ix_tasks_parent_id");
    }
}

internal sealed class TaskOwnerConfiguration : IEntityTypeConfiguration<TaskOwner>
{
    public void Configure(EntityTypeBuilder<TaskOwner> builder)
    {
        builder.ToTable("task_owners", OrganizationsSchema.Name);
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).UseIdentityByDefaultColumn();
        builder.HasIndex(o => new { o.TaskId, o.UserId }).IsUnique().HasDatabaseName("ix_task_owners_task_id_user_id");

        // At most one primary owner per task, even under concurrent writers.
        builder.HasIndex(o => o.TaskId).IsUnique().HasFilter("is_primary").HasDatabaseName("ix_task_owners_single_primary");
    }
}
