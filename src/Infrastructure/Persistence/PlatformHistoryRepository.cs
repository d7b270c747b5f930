using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;

#pragma warning disable EF1001 // The provider's history repository lives in an "Internal" namespace; subclassing it is the supported way to configure the table.
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// The migrations history table keeps the names it has always had in existing databases
/// (<c>"MigrationId"</c>, <c>"ProductVersion"</c>, <c>"PK___ef_migrations_history"</c>): the snake_case
/// naming convention would otherwise rename them in the history model too, and EF Core would then
/// read columns that do not exist (EFCore.NamingConventions issue #1).
/// </summary>
internal sealed class PlatformHistoryRepository(HistoryRepositoryDependencies dependencies) : NpgsqlHistoryRepository(dependencies)
{
    protected override void ConfigureTable(EntityTypeBuilder<HistoryRow> history)
    {
        base.ConfigureTable(history);
        history.HasKey(h => h.MigrationId).HasName("PK_" + PlatformDatabase.HistoryTable);
        history.Property(h => h.MigrationId).HasColumnName(nameof(HistoryRow.MigrationId));
        history.Property(h => h.ProductVersion).HasColumnName(nameof(HistoryRow.ProductVersion));
    }
}
#pragma warning restore EF1001
