using Microsoft.EntityFrameworkCore;
using Platform.Application.Identity;
using Platform.Domain.Identity;

namespace Platform.Infrastructure.Persistence;

public sealed partial class PlatformDbContext : IIdentityDbContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();
}
