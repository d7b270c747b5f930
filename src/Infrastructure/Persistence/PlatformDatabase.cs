using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// How every <see cref="PlatformDbContext"/> is configured: the server, the tests and the design-time
/// factory of <c>dotnet ef</c> all go through <see cref="Configure"/>, so they build the same model.
/// </summary>
public static class PlatformDatabase
{
    /// <summary>The migrations history table (schema <c>public</c>).</summary>
    public const string HistoryTable = "__ef_migrations_history";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(HistoryTable, "public"))
            .UseSnakeCaseNamingConvention()
            .ReplaceService<IHistoryRepository, PlatformHistoryRepository>();
        return options;
    }
}
