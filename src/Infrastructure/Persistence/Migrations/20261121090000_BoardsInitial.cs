using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>Boards module: projects, workflow lanes, todos, sprints, tags and project members.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121090000_BoardsInitial")]
public sealed class BoardsInitial : Migration
{
    private const string Schema = "boards";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema(Schema);
        migrationBuilder.AlterDatabase().Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

        migrationBuilder.CreateTable(
            name: "projects",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                slug = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                image = table.Column<string>(type: "text", nullable: true),
                dominant_color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                default_sprint_weeks = table.Column<int>(type: "integer", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                creator_user_id = table.Column<int>(type: "integer", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_projects", x => x.id));
        migrationBuilder.CreateIndex("ix_projects_slug", "projects", "slug", schema: Schema, unique: true);

        migrationBuilder.CreateTable(
            name: "workflow_columns",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                project_id = table.Column<int>(type: "integer", nullable: false),
                key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                position = table.Column<int>(type: "integer", nullable: false),
                is_done = table.Column<bool>(type: "boolean", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_workflow_columns", x => x.id);
                table.ForeignKey("fk_workflow_columns_projects_project_id", x => x.project_id, principalSchema: Schema, principalTable: "projects", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_workflow_columns_project_id_key", "workflow_columns", ["project_id", "key"], schema: Schema, unique: true);

        migrationBuilder.CreateTable(
            name: "sprints",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                project_id = table.Column<int>(type: "integer", nullable: false),
                number = table.Column<int>(type: "integer", nullable: false),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                planned_start_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                planned_end_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_sprints", x => x.id);
                table.ForeignKey("fk_sprints_projects_project_id", x => x.project_id, principalSchema: Schema, principalTable: "projects", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_sprints_project_id_number", "sprints", ["project_id", "number"], schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_sprints_project_id_name", "sprints", ["project_id", "name"], schema: Schema, unique: true);

        migrationBuilder.CreateTable(
            name: "todos",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                project_id = table.Column<int>(type: "integer", nullable: false),
                local_id = table.Column<int>(type: "integer", nullable: false),
                title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                body = table.Column<string>(type: "text", nullable: false),
                column_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                rank = table.Column<long>(type: "bigint", nullable: false),
                estimation_points = table.Column<int>(type: "integer", nullable: true),
                assignee_user_id = table.Column<int>(type: "integer", nullable: true),
                sprint_id = table.Column<int>(type: "integer", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_todos", x => x.id);
                table.ForeignKey("fk_todos_projects_project_id", x => x.project_id, principalSchema: Schema, principalTable: "projects", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_todos_sprints_sprint_id", x => x.sprint_id, principalSchema: Schema, principalTable: "sprints", principalColumn: "id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("ix_todos_project_id_local_id", "todos", ["project_id", "local_id"], schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_todos_project_id_column_key_rank_id", "todos", ["project_id", "column_key", "rank", "id"], schema: Schema);
        migrationBuilder.CreateIndex("ix_todos_project_id_updated_at", "todos", ["project_id", "updated_at"], schema: Schema);
        migrationBuilder.CreateIndex("ix_todos_sprint_id", "todos", "sprint_id", schema: Schema);
        migrationBuilder.CreateIndex("ix_todos_title_trgm", "todos", "title", schema: Schema)
            .Annotation("Npgsql:IndexMethod", "gin").Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        migrationBuilder.CreateIndex("ix_todos_body_trgm", "todos", "body", schema: Schema)
            .Annotation("Npgsql:IndexMethod", "gin").Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

        migrationBuilder.CreateTable(
            name: "tags",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                owner_user_id = table.Column<int>(type: "integer", nullable: true),
                project_id = table.Column<int>(type: "integer", nullable: true),
                color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tags", x => x.id);
                table.ForeignKey("fk_tags_projects_project_id", x => x.project_id, principalSchema: Schema, principalTable: "projects", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.CheckConstraint("ck_tags_scope", "(owner_user_id IS NULL) <> (project_id IS NULL)");
            });
        migrationBuilder.CreateIndex("ix_tags_owner_name", "tags", ["owner_user_id", "name"], schema: Schema, unique: true, filter: "owner_user_id IS NOT NULL");
        migrationBuilder.CreateIndex("ix_tags_project_name", "tags", ["project_id", "name"], schema: Schema, unique: true, filter: "owner_user_id IS NULL");
        migrationBuilder.CreateIndex("ix_tags_name", "tags", "name", schema: Schema);

        migrationBuilder.CreateTable(
            name: "todo_tags",
            schema: Schema,
            columns: table => new
            {
                todo_id = table.Column<long>(type: "bigint", nullable: false),
                tag_id = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_todo_tags", x => new { x.todo_id, x.tag_id });
                table.ForeignKey("fk_todo_tags_todos_todo_id", x => x.todo_id, principalSchema: Schema, principalTable: "todos", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_todo_tags_tags_tag_id", x => x.tag_id, principalSchema: Schema, principalTable: "tags", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_todo_tags_tag_id", "todo_tags", "tag_id", schema: Schema);

        migrationBuilder.CreateTable(
            name: "tag_color_preferences",
            schema: Schema,
            columns: table => new
            {
                user_id = table.Column<int>(type: "integer", nullable: false),
                tag_id = table.Column<int>(type: "integer", nullable: false),
                color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tag_color_preferences", x => new { x.user_id, x.tag_id });
                table.ForeignKey("fk_tag_color_preferences_tags_tag_id", x => x.tag_id, principalSchema: Schema, principalTable: "tags", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_tag_color_preferences_tag_id", "tag_color_preferences", "tag_id", schema: Schema);

        migrationBuilder.CreateTable(
            name: "project_members",
            schema: Schema,
            columns: table => new
            {
                project_id = table.Column<int>(type: "integer", nullable: false),
                user_id = table.Column<int>(type: "integer", nullable: false),
                role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_project_members", x => new { x.project_id, x.user_id });
                table.ForeignKey("fk_project_members_projects_project_id", x => x.project_id, principalSchema: Schema, principalTable: "projects", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_project_members_user_id", "project_members", "user_id", schema: Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("project_members", Schema);
        migrationBuilder.DropTable("tag_color_preferences", Schema);
        migrationBuilder.DropTable("todo_tags", Schema);
        migrationBuilder.DropTable("tags", Schema);
        migrationBuilder.DropTable("todos", Schema);
        migrationBuilder.DropTable("sprints", Schema);
        migrationBuilder.DropTable("workflow_columns", Schema);
        migrationBuilder.DropTable("projects", Schema);
        // The pg_trgm extension stays: it is database-wide and other modules may use it.
    }
}
