using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.Infrastructure.Persistence;
using Platform.Infrastructure.Persistence.Embedded;

namespace Platform.IntegrationTests;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (the same embedded-cluster code the server uses),
/// with a migrated template database; every test app gets a fresh copy of it.
/// </summary>
[SetUpFixture]
public sealed class TestCluster
{
    public const string TemplateDatabase = "platform_template";
    private static EmbeddedPostgres? _cluster;
    private static int _counter;

    public static EmbeddedPostgres Cluster => _cluster ?? throw new InvalidOperationException("The test cluster is not running.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"platform-tests-{Guid.NewGuid():N}");
        _cluster = EmbeddedPostgres.Start(
            new EmbeddedPostgresOptions { RootDirectory = root, Throwaway = true, Database = TemplateDatabase, MaxConnections = 400 },
            NullLogger.Instance);
        await using (var db = CreateContext(Cluster.ConnectionString(TemplateDatabase)))
        {
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    [OneTimeTearDown]
    public void Stop() => _cluster?.Dispose();

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        Cluster.CreateDatabase(name, TemplateDatabase);
        return Cluster.ConnectionString(name) + ";Maximum Pool Size=20";
    }

    /// <summary>An empty database without migrations (for migration tests).</summary>
    public static string CreateEmptyDatabase()
    {
        var name = $"e{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        Cluster.CreateDatabase(name);
        return Cluster.ConnectionString(name);
    }

    public static PlatformDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        PlatformDatabase.Configure(options, connectionString);
        return new PlatformDbContext(options.Options);
    }
}
