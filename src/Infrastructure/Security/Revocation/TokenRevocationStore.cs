using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Application.Identity.OAuth;
using Platform.Domain.Identity.OAuth;
using Platform.Infrastructure.Persistence;

namespace Platform.Infrastructure.Security.Revocation;

/// <summary>A row of <c>identity.token_revocations</c> (see <see cref="ITokenRevocations"/>).</summary>
public sealed class TokenRevocation
{
    public long Id { get; set; }

    public int UserId { get; set; }

    public string? ClientId { get; set; }

    public DateTimeOffset RevokedBefore { get; set; }

    /// <summary>Set when the row revokes one personal API token only (<c>identity.api_tokens.id</c>).</summary>
    public long? ApiTokenId { get; set; }
}

internal sealed class TokenRevocationConfiguration : IEntityTypeConfiguration<TokenRevocation>
{
    public void Configure(EntityTypeBuilder<TokenRevocation> builder)
    {
        builder.ToTable("token_revocations", "identity");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.Property(r => r.ClientId).HasMaxLength(OAuthClient.MaxClientIdLength);
        builder.HasIndex(r => r.RevokedBefore);
    }
}

internal sealed class TokenRevocationStore(PlatformDbContext db, TimeProvider clock) : ITokenRevocations
{
    public Task RevokeAsync(int userId, string? clientId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"INSERT INTO identity.token_revocations (user_id, client_id, revoked_before) VALUES ({userId}, {clientId}, {clock.GetUtcNow()})",
            cancellationToken);

    public Task RevokeApiTokenAsync(int userId, long apiTokenId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"INSERT INTO identity.token_revocations (user_id, api_token_id, revoked_before) VALUES ({userId}, {apiTokenId}, {clock.GetUtcNow()})",
            cancellationToken);

    public async Task<IReadOnlyList<TokenRevocationDto>> ReadAsync(long afterId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var recent = clock.GetUtcNow() - TokenRevocationRules.ReadOverlap;
        return await db.Set<TokenRevocation>().AsNoTracking()
            .Where(r => (r.Id > afterId || r.RevokedBefore >= recent) && r.RevokedBefore >= notBefore)
            .OrderBy(r => r.Id)
            .Select(r => new TokenRevocationDto(r.Id, r.UserId, r.ClientId, r.RevokedBefore, r.ApiTokenId))
            .ToListAsync(cancellationToken);
    }
}
