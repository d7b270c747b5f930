using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Platform.IntegrationTests.Persistence;

/// <summary>The hand-written migrations and the EF model must describe the same schema.</summary>
public sealed class MigrationTests
{
    private const string ColumnsSql = """
        SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
               || ' ' || coalesce(character_maximum_length::text, '') || ' ' || coalesce(is_identity, '')
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> '__ef_migrations_history'
        """;

    private const string IndexesSql = """
        SELECT schemaname || '.' || indexname || ' ' || regexp_replace(indexdef, ' ON [^ ]+ ', ' ON x ')
        FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> '__ef_migrations_history'
        """;

    private const string ConstraintsSql = """
        SELECT n.nspname || '.' || c.conname || ' ' || c.contype::text || ' ' || pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.conname NOT ILIKE 'pk___ef_migrations_history'
        """;

    [Test]
    public async Task Migrated_database_matches_the_model()
    {
        var migrated = TestCluster.CreateEmptyDatabase();
        var created = TestCluster.CreateEmptyDatabase();
        await using (var db = TestCluster.CreateContext(migrated))
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = TestCluster.CreateContext(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        foreach (var sql in new[] { ColumnsSql, IndexesSql, ConstraintsSql })
        {
            var fromMigrations = await QueryAsync(migrated, sql);
            var fromModel = await QueryAsync(created, sql);
            Assert.Multiple(() =>
            {
                Assert.That(fromMigrations.Except(fromModel), Is.Empty, "in the migrations but not in the model");
                Assert.That(fromModel.Except(fromMigrations), Is.Empty, "in the model but not in the migrations");
            });
        }
    }

    [Test]
    public async Task Migrations_apply_down_and_up_again()
    {
        var cs = TestCluster.CreateEmptyDatabase();
        await using var db = TestCluster.CreateContext(cs);
        await db.Database.MigrateAsync();
        var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        await migrator.MigrateAsync("0");
        Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.Empty);
        await db.Database.MigrateAsync();
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
