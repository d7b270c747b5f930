using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence.Configurations.Identity;

/// <summary>
/// <c>identity.api_tokens</c>: personal API tokens (only their SHA-256, unique). A user's tokens are
/// listed newest first, and their active ones counted against the cap, through (user_id, created_at).
/// </summary>
internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens", IdentitySchema.Name);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.TokenHash).IsRequired();
        builder.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength);
        builder.Ignore(t => t.IsRevoked);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => new { t.UserId, t.CreatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
