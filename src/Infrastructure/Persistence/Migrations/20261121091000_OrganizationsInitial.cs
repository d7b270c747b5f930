using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>Organizations module: organizations, members, tasks and task owners.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121091000_OrganizationsInitial")]
public sealed class OrganizationsInitial : Migration
{
    private const string Schema = "organizations";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema(Schema);

        migrationBuilder.CreateTable(
            name: "organizations",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                logo = table.Column<string>(type: "text", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_organizations", x => x.id));

        migrationBuilder.CreateIndex("ix_organizations_slug", "organizations", "slug", schema: Schema, unique: true);

        migrationBuilder.CreateTable(
            name: "members",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                organization_id = table.Column<int>(type: "integer", nullable: false),
                user_id = table.Column<int>(type: "integer", nullable: false),
                role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_members", x => x.id);
                table.ForeignKey("fk_members_organizations_organization_id", x => x.organization_id,
                    principalSchema: Schema, principalTable: "organizations", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_members_organization_id_user_id", "members", ["organization_id", "user_id"], schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_members_user_id_organization_id", "members", ["user_id", "organization_id"], schema: Schema);

        migrationBuilder.CreateTable(
            name: "tasks",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                organization_id = table.Column<int>(type: "integer", nullable: false),
                title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                description = table.Column<string>(type: "jsonb", nullable: true),
                status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                parent_id = table.Column<int>(type: "integer", nullable: true),
                assignee = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tasks", x => x.id);
                table.ForeignKey("fk_tasks_organizations_organization_id", x => x.organization_id,
                    principalSchema: Schema, principalTable: "organizations", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_tasks_tasks_parent_id", x => x.parent_id,
                    principalSchema: Schema, principalTable: "tasks", principalColumn: "id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateIndex("ix_tasks_organization_id_updated_at", "tasks", ["organization_id", "updated_at", "id"],
            schema: Schema, descending: [false, true, true]);
        migrationBuilder.CreateIndex("ix_tasks_organization_id_status_updated_at", "tasks", ["organization_id", "status", "updated_at", "id"],
            schema: Schema, descending: [false, false, true, true]);
        migrationBuilder.CreateIndex("ix_tasks_parent_id", "tasks", "parent_id", schema: Schema);

        migrationBuilder.CreateTable(
            name: "task_owners",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                task_id = table.Column<int>(type: "integer", nullable: false),
                user_id = table.Column<int>(type: "integer", nullable: false),
                is_primary = table.Column<bool>(type: "boolean", nullable: false),
                assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_task_owners", x => x.id);
                table.ForeignKey("fk_task_owners_tasks_task_id", x => x.task_id,
                    principalSchema: Schema, principalTable: "tasks", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_task_owners_task_id_user_id", "task_owners", ["task_id", "user_id"], schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_task_owners_single_primary", "task_owners", "task_id", schema: Schema, unique: true, filter: "is_primary");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("task_owners", Schema);
        migrationBuilder.DropTable("tasks", Schema);
        migrationBuilder.DropTable("members", Schema);
        migrationBuilder.DropTable("organizations", Schema);
    }
}
