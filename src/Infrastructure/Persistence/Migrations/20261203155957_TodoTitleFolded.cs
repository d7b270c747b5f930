using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TodoTitleFolded : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_todos_project_id_local_id",
                schema: "boards",
                table: "todos");

            migrationBuilder.AddColumn<string>(
                name: "title_folded",
                schema: "boards",
                table: "todos",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(title)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_todos_project_id_local_id",
                schema: "boards",
                table: "todos",
                columns: new[] { "project_id", "local_id" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "title", "title_folded" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_todos_project_id_local_id",
                schema: "boards",
                table: "todos");

            migrationBuilder.DropColumn(
                name: "title_folded",
                schema: "boards",
                table: "todos");

            migrationBuilder.CreateIndex(
                name: "ix_todos_project_id_local_id",
                schema: "boards",
                table: "todos",
                columns: new[] { "project_id", "local_id" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "title" });
        }
    }
}
