using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Platform.Infrastructure.Persistence;

namespace Platform.UnitTests.Persistence;

/// <summary>
/// The naming convention library names every table, column, key, foreign key and index of the model
/// in snake_case (the database itself is compared with the migrations in the integration tests).
/// </summary>
public sealed partial class ModelNamingTests
{
    [Test]
    public void Every_database_name_of_the_model_is_snake_case()
    {
        using var db = new PlatformDbContextDesignTimeFactory().CreateDbContext([]);
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

        var names = new List<string>();
        foreach (var table in model.Tables)
        {
            names.Add(table.Name);
            names.AddRange(table.Columns.Select(c => c.Name));
            names.AddRange(table.UniqueConstraints.Select(k => k.Name));
            names.AddRange(table.ForeignKeyConstraints.Select(fk => fk.Name));
            names.AddRange(table.Indexes.Select(i => i.Name));
        }

        Assert.That(names, Has.Count.GreaterThan(100));
        Assert.That(names.Where(n => !SnakeCase().IsMatch(n)), Is.Empty);
    }

    /// <summary>
    /// Keys and foreign keys carry the names the hand-written migrations gave them. The convention
    /// names a foreign key when it is added, so one declared before its principal's ToTable would
    /// otherwise be named after the principal's default table name (decision 0207).
    /// </summary>
    [Test]
    public void Keys_and_foreign_keys_are_named_after_their_tables_and_columns()
    {
        using var db = new PlatformDbContextDesignTimeFactory().CreateDbContext([]);
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

        var wrong = new List<string>();
        foreach (var table in model.Tables)
        {
            if (table.PrimaryKey is { } pk && pk.Name != $"pk_{table.Name}")
            {
                wrong.Add(pk.Name);
            }

            foreach (var fk in table.ForeignKeyConstraints)
            {
                var expected = $"fk_{table.Name}_{fk.PrincipalTable.Name}_{string.Join('_', fk.Columns.Select(c => c.Name))}";
                if (expected.Length <= 63 && fk.Name != expected)
                {
                    wrong.Add($"{fk.Name} (expected {expected})");
                }
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [TestCase("identity", "users", "password_hash")]
    [TestCase("identity", "users", "is_bootstrap")]
    [TestCase("boards", "todos", "local_id")]
    [TestCase("identity", "oauth_clients", "token_endpoint_auth_method")]
    public void Columns_are_named_after_their_properties(string schema, string table, string column)
    {
        using var db = new PlatformDbContextDesignTimeFactory().CreateDbContext([]);
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        Assert.That(model.FindTable(table, schema)?.FindColumn(column), Is.Not.Null);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}
