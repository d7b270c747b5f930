using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence;

public sealed partial class PlatformDbContext
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    private static readonly Func<PlatformDbContext, byte[], CancellationToken, Task<ActiveApiToken?>> ActiveApiTokenQuery =
        EF.CompileAsyncQuery((PlatformDbContext db, byte[] tokenHash, CancellationToken _) =>
            db.ApiTokens.AsNoTracking()
                .Where(t => t.TokenHash == tokenHash && t.RevokedAt == null)
                .Select(t => new ActiveApiToken(t.Id, t.UserId, t.TokenHash, t.CreatedAt, t.LastUsedAt))
                .FirstOrDefault());

    public Task<ActiveApiToken?> FindActiveApiTokenAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        ActiveApiTokenQuery(this, tokenHash, cancellationToken);
}
