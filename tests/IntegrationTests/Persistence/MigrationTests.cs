using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Platform.Infrastructure.Persistence;

namespace Platform.IntegrationTests.Persistence;

/// <summary>
/// The migrations, the model snapshot and the EF model must describe the same schema (decision 0207):
/// the model has no change that no migration covers, and a database built by the migrations equals
/// one built from the model, except for what EF Core cannot create (the column-count triggers).
/// </summary>
public sealed class MigrationTests
{
    /// <summary>The last hand-written migration: databases created before the snapshot stop here.</summary>
    private const string LastHandWrittenMigration = "20261121120000_TodosLocalIdIndexCarriesTitle";

    // Not compared: column order (a column added by a later migration comes last) and column defaults
    // (migrations adding a NOT NULL column leave the default they filled existing rows with).
    private const string ColumnsSql = """
        SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' ' || is_nullable
               || ' ' || coalesce(character_maximum_length::text, '') || ' ' || coalesce(numeric_precision::text, '')
               || ' ' || coalesce(is_identity, '') || ' ' || coalesce(identity_generation, '') || ' ' || coalesce(collation_name, '')
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> '__ef_migrations_history'
          AND (table_schema, table_name) NOT IN (SELECT schemaname, viewname FROM pg_views)
        """;

    // Views: EF Core maps them (ToView) but does not create them; migrations do, with raw SQL.
    private const string ViewsSql = """
        SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name
        FROM information_schema.columns c JOIN pg_views v ON v.schemaname = c.table_schema AND v.viewname = c.table_name
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
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

    private const string SchemasAndExtensionsSql = """
        SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'
        UNION ALL SELECT 'extension ' || extname FROM pg_extension
        UNION ALL SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type::text FROM pg_sequences
        """;

    private const string TriggersSql = """
        SELECT n.nspname || '.' || c.relname || '.' || t.tgname
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal
        """;

    [Test]
    public async Task The_model_has_no_changes_that_no_migration_covers()
    {
        // Fails when an entity or configuration changed without `dotnet ef migrations add` (README
        // "Adding a migration"): the model snapshot of the last migration no longer equals the model.
        await using var db = TestCluster.CreateContext(TestCluster.Cluster.ConnectionString(TestCluster.TemplateDatabase));
        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "the model has changes that no migration covers: run dotnet ef migrations add (README, Adding a migration)");
    }

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

        foreach (var sql in new[] { ColumnsSql, IndexesSql, ConstraintsSql, SchemasAndExtensionsSql })
        {
            var fromMigrations = await QueryAsync(migrated, sql);
            var fromModel = await QueryAsync(created, sql);
            Assert.Multiple(() =>
            {
                Assert.That(fromMigrations, Is.Not.Empty);
                Assert.That(fromMigrations.Except(fromModel), Is.Empty, "in the migrations but not in the model");
                Assert.That(fromModel.Except(fromMigrations), Is.Empty, "in the model but not in the migrations");
            });
        }
    }

    [Test]
    public async Task Triggers_created_by_migrations_are_the_ones_the_model_declares()
    {
        // EF Core cannot create triggers (raw SQL in a migration does); the model declares them
        // (HasTrigger) so that a trigger added or dropped by a migration is also written down in the model.
        var (migrated, model) = await MigratedWithModelAsync();

        var declared = model.GetEntityTypes()
            .SelectMany(e => e.GetDeclaredTriggers().Select(t => $"{e.GetSchema()}.{e.GetTableName()}.{t.GetDatabaseName()}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(declared, Is.Not.Empty);
        Assert.That(await QueryAsync(migrated, TriggersSql), Is.EqualTo(declared));
    }

    [Test]
    public async Task Views_created_by_migrations_are_the_ones_the_model_maps()
    {
        // The model maps each view a migration creates (ToView), with its columns, so that a view changed by a
        // migration is also written down in the model, and the reverse.
        var (migrated, model) = await MigratedWithModelAsync();

        var mapped = model.GetEntityTypes()
            .Where(e => e.GetViewName() is not null)
            .SelectMany(e =>
            {
                var view = StoreObjectIdentifier.View(e.GetViewName()!, e.GetViewSchema());
                return e.GetProperties().Select(p => $"{e.GetViewSchema()}.{e.GetViewName()}.{p.GetColumnName(view)}");
            })
            .ToList();
        Assert.That(mapped, Is.Not.Empty);
        Assert.That(await QueryAsync(migrated, ViewsSql), Is.EquivalentTo(mapped));
        Assert.That(await QueryAsync(migrated, ViewsSql), Is.EquivalentTo(new[] { "identity.user_directory.id", "identity.user_directory.name", "identity.user_directory.email" }),
            "what Identity publishes to other modules' statements (decision 0216)");
    }

    [Test]
    public async Task A_database_migrated_before_the_snapshot_applies_only_the_baseline_and_keeps_its_schema()
    {
        var cs = TestCluster.CreateEmptyDatabase();
        await using var db = TestCluster.CreateContext(cs);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(LastHandWrittenMigration);
        var before = await DescribeAsync(cs);

        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        Assert.That(pending[0], Does.EndWith("_ModelSnapshotBaseline"), "the baseline comes first; later generated migrations follow it");

        await migrator.MigrateAsync(pending[0]);
        Assert.That(await DescribeAsync(cs), Is.EqualTo(before), "the baseline must not change the schema");
        await db.Database.MigrateAsync();
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);

        // The history table keeps the names of databases created before the naming convention
        // library (which would otherwise rename its columns to migration_id, product_version).
        var history = await QueryAsync(cs, $"""
            SELECT 'column ' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = '{PlatformDatabase.HistoryTable}'
            UNION ALL SELECT 'key ' || conname FROM pg_constraint WHERE conrelid = 'public.{PlatformDatabase.HistoryTable}'::regclass
            """);
        Assert.That(history, Is.EqualTo(new[] { "column MigrationId", "column ProductVersion", "key PK___ef_migrations_history" }));
    }

    [Test]
    public async Task Migrations_apply_down_and_up_again()
    {
        var cs = TestCluster.CreateEmptyDatabase();
        await using var db = TestCluster.CreateContext(cs);
        await db.Database.MigrateAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("0");
        Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.Empty);
        await db.Database.MigrateAsync();
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
    }

    /// <summary>A new database migrated to the last migration, and the design-time model to compare it with.</summary>
    private static async Task<(string ConnectionString, IModel Model)> MigratedWithModelAsync()
    {
        var migrated = TestCluster.CreateEmptyDatabase();
        await using var db = TestCluster.CreateContext(migrated);
        await db.Database.MigrateAsync();
        return (migrated, db.GetService<IDesignTimeModel>().Model);
    }

    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        var rows = new List<string>();
        foreach (var sql in new[] { ColumnsSql, IndexesSql, ConstraintsSql, SchemasAndExtensionsSql, TriggersSql, ViewsSql })
        {
            rows.AddRange(await QueryAsync(connectionString, sql));
        }

        return rows;
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
