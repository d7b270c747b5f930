using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence.Configurations.Identity;

internal static class IdentitySchema
{
    public const string Name = "identity";
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users", IdentitySchema.Name);
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).UseIdentityByDefaultColumn();
        builder.Property(u => u.Email).IsRequired().HasMaxLength(User.MaxEmailLength);
        builder.Property(u => u.Name).IsRequired().HasMaxLength(User.MaxNameLength);
        builder.Property(u => u.PasswordHash).IsRequired();
        builder.Property(u => u.SystemRole).IsRequired().HasMaxLength(16)
            .HasConversion(r => SystemRoleNames.ToWire(r), s => SystemRoleNames.FromWire(s));
        builder.Property(u => u.Image);
        builder.Ignore(u => u.IsDisabled);
        builder.HasIndex(u => u.Email).IsUnique();
        // At most one bootstrap user, even under concurrent bootstrap calls.
        builder.HasIndex(u => u.IsBootstrap).IsUnique().HasFilter("is_bootstrap").HasDatabaseName("ix_users_single_bootstrap");
    }
}

/// <summary>
/// What the Identity module publishes of its users to other modules' statements, as a database view
/// (<c>identity.user_directory</c>: id, name, e-mail; decision 0216): a statement that shows users beside
/// its own rows (get_task's owners) joins the view instead of Identity's table, in the same round trip.
/// Identity owns and versions it; EF Core maps views but does not create them, so a migration does, and
/// <c>MigrationTests</c> checks that the view in the database has exactly these columns.
/// </summary>
internal sealed record UserDirectoryEntry(int Id, string Name, string Email);

internal sealed class UserDirectoryEntryConfiguration : IEntityTypeConfiguration<UserDirectoryEntry>
{
    public const string View = "user_directory";

    public void Configure(EntityTypeBuilder<UserDirectoryEntry> builder)
    {
        builder.HasNoKey().ToView(View, IdentitySchema.Name);
        builder.Property(e => e.Email).HasMaxLength(User.MaxEmailLength);
        builder.Property(e => e.Name).HasMaxLength(User.MaxNameLength);
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions", IdentitySchema.Name);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityByDefaultColumn();
        builder.Property(s => s.TokenHash).IsRequired();
        builder.Property(s => s.UserAgent).HasMaxLength(512);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => s.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
