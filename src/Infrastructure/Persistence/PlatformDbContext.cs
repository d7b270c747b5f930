using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Platform.Infrastructure.Persistence;

/// <summary>
/// The one DbContext. Each module adds its sets in its own partial file
/// (<c>PlatformDbContext.&lt;Module&gt;.cs</c>) and implements its module interface there;
/// every module lives in its own PostgreSQL schema.
/// </summary>
public sealed partial class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
        ApplySnakeCaseNames(modelBuilder);
    }

    /// <summary>Table, column, key and index names in snake_case, matching the hand-written migrations.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && entity.FindAnnotation(RelationalAnnotationNames.TableName) is null)
            {
                entity.SetTableName(SnakeCase(table));
            }

            var tableId = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                if (property.FindAnnotation(RelationalAnnotationNames.ColumnName) is null)
                {
                    property.SetColumnName(SnakeCase(property.GetColumnName(tableId) ?? property.Name));
                }
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName() ?? key.GetDefaultName()!));
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(SnakeCase(fk.GetConstraintName() ?? fk.GetDefaultName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName() ?? index.GetDefaultDatabaseName()!));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
