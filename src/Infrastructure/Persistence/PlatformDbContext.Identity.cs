using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence;

public sealed partial class PlatformDbContext : IIdentityDbContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    private static readonly Func<PlatformDbContext, byte[], DateTimeOffset, CancellationToken, Task<ActiveSession?>> ActiveSessionQuery =
        EF.CompileAsyncQuery((PlatformDbContext db, byte[] tokenHash, DateTimeOffset now, CancellationToken _) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.TokenHash == tokenHash && s.ExpiresAt > now)
                .Join(db.Users.Where(u => u.DisabledAt == null), s => s.UserId, u => u.Id,
                    (s, u) => new ActiveSession(s.Id, s.LastSeenAt, u.Id, u.SystemRole, u.Email, u.Name))
                .FirstOrDefault());

    public Task<ActiveSession?> FindActiveSessionAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        ActiveSessionQuery(this, tokenHash, now, cancellationToken);
}
