using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

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
            .ReplaceService<IHistoryRepository, PlatformHistoryRepository>()
            // A failed command is logged once, by whoever handles its exception: an unexpected one by the
            // web layer's error classifier (Error, with the trace id), an expected one (a lost race on a
            // unique key, the migrations history table a new database does not have yet) not at all.
            // EF's own Error line would be a second, context-free copy (decision 0007).
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
        return options;
    }
}
