using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>Identity module: users and cookie sessions.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121080000_IdentityInitial")]
public sealed class IdentityInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema("identity");

        migrationBuilder.CreateTable(
            name: "users",
            schema: "identity",
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                password_hash = table.Column<string>(type: "text", nullable: false),
                system_role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                is_bootstrap = table.Column<bool>(type: "boolean", nullable: false),
                image = table.Column<string>(type: "text", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                disabled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));

        migrationBuilder.CreateIndex("ix_users_email", "users", "email", schema: "identity", unique: true);
        migrationBuilder.CreateIndex("ix_users_single_bootstrap", "users", "is_bootstrap", schema: "identity", unique: true, filter: "is_bootstrap");

        migrationBuilder.CreateTable(
            name: "sessions",
            schema: "identity",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                user_id = table.Column<int>(type: "integer", nullable: false),
                token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_sessions", x => x.id);
                table.ForeignKey("fk_sessions_users_user_id", x => x.user_id, principalSchema: "identity", principalTable: "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_sessions_token_hash", "sessions", "token_hash", schema: "identity", unique: true);
        migrationBuilder.CreateIndex("ix_sessions_user_id", "sessions", "user_id", schema: "identity");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("sessions", "identity");
        migrationBuilder.DropTable("users", "identity");
    }
}
