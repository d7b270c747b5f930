using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>
/// Boards module: the unique (project_id, local_id) index of todos also carries the title, so a
/// todos.search for a frequent word in a large project walks the index alone (an index-only scan)
/// instead of fetching a table row for every todo it tests.
/// </summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121120000_TodosLocalIdIndexCarriesTitle")]
public sealed class TodosLocalIdIndexCarriesTitle : Migration
{
    private const string Schema = "boards";
    private const string Index = "ix_todos_project_id_local_id";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(Index, "todos", Schema);
        migrationBuilder.CreateIndex(Index, "todos", ["project_id", "local_id"], schema: Schema, unique: true)
            .Annotation("Npgsql:IndexInclude", new[] { "title" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(Index, "todos", Schema);
        migrationBuilder.CreateIndex(Index, "todos", ["project_id", "local_id"], schema: Schema, unique: true);
    }
}
