using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// Creates the context for <c>dotnet ef</c> (migrations add, remove, script) without running the web
/// host, which would resolve a database and could start the embedded PostgreSQL cluster. The
/// connection string is only opened by commands that need a database (<c>database update</c>,
/// <c>migrations list</c>); set <c>ConnectionStrings__Platform</c> for those.
/// </summary>
internal sealed class PlatformDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    private const string Unopened = "Host=localhost;Database=platform_design_time";

    public PlatformDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Platform") is { Length: > 0 } configured
            ? configured
            : Unopened;
        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        PlatformDatabase.Configure(options, connectionString);
        return new PlatformDbContext(options.Options);
    }
}
