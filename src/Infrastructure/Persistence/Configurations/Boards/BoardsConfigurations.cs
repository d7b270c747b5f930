using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Boards;

namespace Platform.Infrastructure.Persistence.Configurations.Boards;

internal static class BoardsSchema
{
    public const string Name = "boards";
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects", BoardsSchema.Name);
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityByDefaultColumn();
        builder.Property(p => p.Slug).IsRequired().HasMaxLength(ProjectSlug.MaxLength);
        builder.Property(p => p.Name).IsRequired().HasMaxLength(Project.MaxNameBytes);
        builder.Property(p => p.DominantColor).IsRequired().HasMaxLength(7);
        builder.HasIndex(p => p.Slug).IsUnique();
    }
}

internal sealed class WorkflowColumnConfiguration : IEntityTypeConfiguration<WorkflowColumn>
{
    public void Configure(EntityTypeBuilder<WorkflowColumn> builder)
    {
        builder.ToTable("workflow_columns", BoardsSchema.Name);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        builder.Property(c => c.Key).IsRequired().HasMaxLength(WorkflowColumn.MaxKeyLength);
        builder.Property(c => c.Name).IsRequired().HasMaxLength(WorkflowColumn.MaxNameLength);
        builder.Property(c => c.Color).IsRequired().HasMaxLength(7);
        builder.HasIndex(c => new { c.ProjectId, c.Key }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TodoConfiguration : IEntityTypeConfiguration<Todo>
{
    public void Configure(EntityTypeBuilder<Todo> builder)
    {
        // The boards.todos_column_count() triggers keep boards.column_counts (raw SQL in migration
        // 20261121100000: EF Core declares triggers but cannot create them).
        builder.ToTable("todos", BoardsSchema.Name, t =>
        {
            t.HasTrigger("todos_column_count_insert_delete");
            t.HasTrigger("todos_column_count_move");
        });
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.Title).IsRequired().HasMaxLength(TodoRules.MaxTitleBytes);
        builder.Property(t => t.Body).IsRequired();
        builder.Property(t => t.ColumnKey).IsRequired().HasMaxLength(WorkflowColumn.MaxKeyLength);

        // localIds are allocated under the project lock; the unique index is the safety net. It also
        // carries the title, so todos.search walks it in localId order testing titles without
        // visiting the table (an index-only scan; migration 20261121120000).
        builder.HasIndex(t => new { t.ProjectId, t.LocalId }).IsUnique().IncludeProperties(t => t.Title);
        // Board lanes: keyset pages (rank, id) per column, and the grouped per-lane counts.
        builder.HasIndex(t => new { t.ProjectId, t.ColumnKey, t.Rank, t.Id });
        // todos.search with an empty query: most recently updated first.
        builder.HasIndex(t => new { t.ProjectId, t.UpdatedAt });
        builder.HasIndex(t => t.SprintId);
        // Text filters (board.get search: title or body; todos.search: title) are case-insensitive
        // substring matches: trigram GIN indexes serve ILIKE '%…%' (decision 0102).
        builder.Metadata.Model.GetOrAddPostgresExtension(null, "pg_trgm", null);
        builder.HasIndex(t => t.Title).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_todos_title_trgm");
        builder.HasIndex(t => t.Body).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_todos_body_trgm");
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Sprint>().WithMany().HasForeignKey(t => t.SprintId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SprintConfiguration : IEntityTypeConfiguration<Sprint>
{
    public void Configure(EntityTypeBuilder<Sprint> builder)
    {
        builder.ToTable("sprints", BoardsSchema.Name);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityByDefaultColumn();
        builder.Property(s => s.Name).IsRequired().HasMaxLength(Sprint.MaxNameBytes);
        builder.Property(s => s.State).IsRequired().HasMaxLength(16)
            .HasConversion(s => s.ToWire(), s => SprintStates.FromWire(s));
        builder.HasIndex(s => new { s.ProjectId, s.Number }).IsUnique();
        builder.HasIndex(s => new { s.ProjectId, s.Name }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("tags", BoardsSchema.Name, t =>
            t.HasCheckConstraint("ck_tags_scope", "(owner_user_id IS NULL) <> (project_id IS NULL)"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.Name).IsRequired().HasMaxLength(TagNames.MaxLength);
        builder.Property(t => t.Color).HasMaxLength(7);
        builder.Ignore(t => t.IsProjectScoped);
        builder.HasIndex(t => new { t.OwnerUserId, t.Name }).IsUnique().HasFilter("owner_user_id IS NOT NULL").HasDatabaseName("ix_tags_owner_name");
        builder.HasIndex(t => new { t.ProjectId, t.Name }).IsUnique().HasFilter("owner_user_id IS NULL").HasDatabaseName("ix_tags_project_name");
        // board.get's tag filter looks tags up by name across owners.
        builder.HasIndex(t => t.Name);
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TodoTagConfiguration : IEntityTypeConfiguration<TodoTag>
{
    public void Configure(EntityTypeBuilder<TodoTag> builder)
    {
        builder.ToTable("todo_tags", BoardsSchema.Name);
        builder.HasKey(tt => new { tt.TodoId, tt.TagId });
        builder.HasIndex(tt => tt.TagId);
        builder.HasOne<Todo>().WithMany().HasForeignKey(tt => tt.TodoId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Tag>().WithMany().HasForeignKey(tt => tt.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TagColorPreferenceConfiguration : IEntityTypeConfiguration<TagColorPreference>
{
    public void Configure(EntityTypeBuilder<TagColorPreference> builder)
    {
        builder.ToTable("tag_color_preferences", BoardsSchema.Name);
        builder.HasKey(p => new { p.UserId, p.TagId });
        builder.Property(p => p.Color).IsRequired().HasMaxLength(7);
        builder.HasIndex(p => p.TagId);
        // Named explicitly: the naming convention names a foreign key when it is added, before
        // TagConfiguration has mapped tags to "tags" (decision 0207).
        builder.HasOne<Tag>().WithMany().HasForeignKey(p => p.TagId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_tag_color_preferences_tags_tag_id");
    }
}

internal sealed class ProjectMemberConfiguration : IEntityTypeConfiguration<ProjectMember>
{
    public void Configure(EntityTypeBuilder<ProjectMember> builder)
    {
        builder.ToTable("project_members", BoardsSchema.Name);
        builder.HasKey(m => new { m.ProjectId, m.UserId });
        builder.Property(m => m.Role).IsRequired().HasMaxLength(ProjectMember.MaxRoleLength);
        builder.Ignore(m => m.Rank);
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ColumnCountConfiguration : IEntityTypeConfiguration<ColumnCount>
{
    public void Configure(EntityTypeBuilder<ColumnCount> builder)
    {
        // Maintained by the boards.todos_column_count trigger (migration 20261121100000); no foreign
        // key, so deleting a project (cascading to its todos) never races the counter rows.
        builder.ToTable("column_counts", BoardsSchema.Name);
        builder.HasKey(c => new { c.ProjectId, c.ColumnKey });
        builder.Property(c => c.ColumnKey).HasMaxLength(WorkflowColumn.MaxKeyLength);
    }
}
