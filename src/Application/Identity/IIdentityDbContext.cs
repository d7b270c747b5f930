using Microsoft.EntityFrameworkCore;
using Platform.Domain.Identity;

namespace Platform.Application.Identity;

/// <summary>The Identity module's view of the database (no repository layer).</summary>
public interface IIdentityDbContext
{
    DbSet<User> Users { get; }

    DbSet<Session> Sessions { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
