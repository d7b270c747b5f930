using Microsoft.EntityFrameworkCore;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// The one DbContext. Each module adds its sets in its own partial file
/// (<c>PlatformDbContext.&lt;Module&gt;.cs</c>) and implements its module interface there;
/// every module lives in its own PostgreSQL schema. Table, column, key and index names are
/// snake_case by the EFCore.NamingConventions library (<see cref="PlatformDatabase.Configure"/>).
/// </summary>
public sealed partial class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
}
