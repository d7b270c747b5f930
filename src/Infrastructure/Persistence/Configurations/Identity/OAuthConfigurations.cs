using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Identity;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Security.DataProtection;

namespace Platform.Infrastructure.Persistence.Configurations.Identity;

internal sealed class OAuthClientConfiguration : IEntityTypeConfiguration<OAuthClient>
{
    public void Configure(EntityTypeBuilder<OAuthClient> builder)
    {
        builder.ToTable("oauth_clients", IdentitySchema.Name);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        builder.Property(c => c.ClientId).IsRequired().HasMaxLength(OAuthClient.MaxClientIdLength);
        builder.Property(c => c.TokenEndpointAuthMethod).IsRequired().HasMaxLength(32);
        builder.Property(c => c.RedirectUris).IsRequired();
        builder.Property(c => c.GrantTypes).IsRequired();
        builder.Property(c => c.ResponseTypes).IsRequired();
        builder.Property(c => c.ClientName).HasMaxLength(OAuthClient.MaxNameLength);
        builder.Property(c => c.ClientUri).HasMaxLength(OAuthClient.MaxUriLength);
        builder.Property(c => c.LogoUri).HasMaxLength(OAuthClient.MaxUriLength);
        builder.Property(c => c.TosUri).HasMaxLength(OAuthClient.MaxUriLength);
        builder.Property(c => c.PolicyUri).HasMaxLength(OAuthClient.MaxUriLength);
        builder.Property(c => c.Scope).HasMaxLength(OAuthScopes.MaxLength);
        builder.Property(c => c.SoftwareId).HasMaxLength(OAuthClient.MaxShortTextLength);
        builder.Property(c => c.SoftwareVersion).HasMaxLength(OAuthClient.MaxShortTextLength);
        builder.Property(c => c.ApplicationType).HasMaxLength(16);
        builder.Ignore(c => c.IsPublic);
        builder.Ignore(c => c.DisplayName);
        builder.Ignore(c => c.IsMetadataDocumentClient);
        builder.Ignore(c => c.RedirectsOnlyToLocalhost);
        builder.HasIndex(c => c.ClientId).IsUnique();
    }
}

internal sealed class OAuthAuthorizationCodeConfiguration : IEntityTypeConfiguration<OAuthAuthorizationCode>
{
    public void Configure(EntityTypeBuilder<OAuthAuthorizationCode> builder)
    {
        builder.ToTable("oauth_authorization_codes", IdentitySchema.Name);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        builder.Property(c => c.CodeHash).IsRequired();
        builder.Property(c => c.RedirectUri).IsRequired().HasMaxLength(OAuthClient.MaxUriLength);
        builder.Property(c => c.CodeChallenge).IsRequired().HasMaxLength(128);
        builder.Property(c => c.Scope).IsRequired().HasMaxLength(OAuthScopes.MaxLength);
        builder.Property(c => c.Resource).HasMaxLength(OAuthClient.MaxUriLength);
        builder.Ignore(c => c.IsConsumed);
        builder.Ignore(c => c.Scopes);
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasIndex(c => c.ClientId);
        builder.HasIndex(c => c.UserId);
        builder.HasIndex(c => c.ExpiresAt);
        // Named explicitly: the naming convention names a foreign key when it is added, before
        // OAuthClientConfiguration has mapped clients to "oauth_clients" (decision 0207).
        builder.HasOne<OAuthClient>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_oauth_authorization_codes_oauth_clients_client_id");
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OAuthRefreshTokenConfiguration : IEntityTypeConfiguration<OAuthRefreshToken>
{
    /// <summary>A Data Protection payload of a 43-character token is about 160 characters.</summary>
    private const int ProtectedSuccessorMaxLength = 512;

    public void Configure(EntityTypeBuilder<OAuthRefreshToken> builder)
    {
        builder.ToTable("oauth_refresh_tokens", IdentitySchema.Name);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.TokenHash).IsRequired();
        builder.Property(t => t.Scope).IsRequired().HasMaxLength(OAuthScopes.MaxLength);
        builder.Property(t => t.Resource).HasMaxLength(OAuthClient.MaxUriLength);
        builder.Ignore(t => t.Scopes);
        builder.Ignore(t => t.IsSpent);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.ClientId);
        builder.HasIndex(t => t.UserId);
        builder.HasIndex(t => t.ExpiresAt);
        builder.Property(t => t.ProtectedSuccessor).HasMaxLength(ProtectedSuccessorMaxLength);
        // Only rows inside (or just past) a reuse grace: maintenance finds the kept successors to drop.
        builder.HasIndex(t => t.ReuseGraceUntil).HasFilter("reuse_grace_until IS NOT NULL");
        builder.HasOne<OAuthClient>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OAuthConsentConfiguration : IEntityTypeConfiguration<OAuthConsent>
{
    public void Configure(EntityTypeBuilder<OAuthConsent> builder)
    {
        builder.ToTable("oauth_consents", IdentitySchema.Name);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityByDefaultColumn();
        builder.Property(c => c.Scope).IsRequired().HasMaxLength(OAuthScopes.MaxLength);
        builder.Property(c => c.Resource).IsRequired().HasMaxLength(OAuthConsent.MaxResourceLength).HasDefaultValue(OAuthConsent.DefaultResource);
        builder.HasIndex(c => new { c.UserId, c.ClientId, c.Resource }).IsUnique();
        builder.HasIndex(c => c.ClientId);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OAuthClient>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OAuthSigningKeyConfiguration : IEntityTypeConfiguration<OAuthSigningKey>
{
    public void Configure(EntityTypeBuilder<OAuthSigningKey> builder)
    {
        builder.ToTable("signing_keys", IdentitySchema.Name);
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(OAuthSigningKey.MaxKeyIdLength).ValueGeneratedNever();
        builder.Property(k => k.Algorithm).IsRequired().HasMaxLength(8);
        builder.Property(k => k.PublicJwk).IsRequired();
        builder.Property(k => k.ProtectedPrivateKey).IsRequired();
        // At most one current key, even when two nodes rotate or start at once.
        builder.HasIndex(k => k.IsCurrent).IsUnique().HasFilter("is_current").HasDatabaseName("ix_signing_keys_single_current");
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys", IdentitySchema.Name);
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).UseIdentityByDefaultColumn();
        builder.Property(k => k.FriendlyName);
        builder.Property(k => k.Xml).IsRequired();
    }
}
