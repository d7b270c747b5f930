using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>Identity module: the admin audit trail (one row per admin write).</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121093000_AdminAudit")]
public sealed class AdminAudit : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema("identity");

        migrationBuilder.CreateTable(
            name: "admin_audit_log",
            schema: "identity",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                actor_user_id = table.Column<int>(type: "integer", nullable: false),
                action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                target_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                target_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                summary = table.Column<string>(type: "jsonb", nullable: false),
                trace_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_admin_audit_log", x => x.id));

        migrationBuilder.CreateIndex("ix_admin_audit_log_occurred_at", "admin_audit_log", "occurred_at", schema: "identity");
        migrationBuilder.CreateIndex("ix_admin_audit_log_actor_user_id", "admin_audit_log", "actor_user_id", schema: "identity");
        migrationBuilder.CreateIndex("ix_admin_audit_log_target_type_target_id", "admin_audit_log", ["target_type", "target_id"], schema: "identity");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("admin_audit_log", "identity");
}
