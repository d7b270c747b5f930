using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>
/// Boards module: per-column todo counts kept by a trigger, so board.get on an unfiltered board
/// reads its totals from a handful of rows instead of counting every todo of the project.
/// </summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121100000_BoardsColumnCounts")]
public sealed class BoardsColumnCounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "column_counts",
            schema: "boards",
            columns: table => new
            {
                project_id = table.Column<int>(type: "integer", nullable: false),
                column_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                count = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_column_counts", x => new { x.project_id, x.column_key }));

        migrationBuilder.Sql("""
            CREATE FUNCTION boards.todos_column_count() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('DELETE', 'UPDATE') THEN
                    UPDATE boards.column_counts SET count = count - 1
                    WHERE project_id = OLD.project_id AND column_key = OLD.column_key;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO boards.column_counts (project_id, column_key, count) VALUES (NEW.project_id, NEW.column_key, 1)
                    ON CONFLICT (project_id, column_key) DO UPDATE SET count = boards.column_counts.count + 1;
                END IF;
                RETURN NULL;
            END $$;

            CREATE TRIGGER todos_column_count_insert_delete AFTER INSERT OR DELETE ON boards.todos
                FOR EACH ROW EXECUTE FUNCTION boards.todos_column_count();
            CREATE TRIGGER todos_column_count_move AFTER UPDATE OF project_id, column_key ON boards.todos
                FOR EACH ROW WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.column_key IS DISTINCT FROM NEW.column_key)
                EXECUTE FUNCTION boards.todos_column_count();

            INSERT INTO boards.column_counts (project_id, column_key, count)
            SELECT project_id, column_key, count(*) FROM boards.todos GROUP BY project_id, column_key;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS todos_column_count_move ON boards.todos;
            DROP TRIGGER IF EXISTS todos_column_count_insert_delete ON boards.todos;
            DROP FUNCTION IF EXISTS boards.todos_column_count();
            """);
        migrationBuilder.DropTable("column_counts", "boards");
    }
}
