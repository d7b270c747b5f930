using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.Infrastructure.Persistence.Migrations;

/// <summary>
/// The authorization server (Identity module): registered clients, authorization codes, refresh-token
/// families, consents, signing keys, and the Data Protection key ring shared by every node.
/// </summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121092000_OAuthInitial")]
public sealed class OAuthInitial : Migration
{
    private const string Schema = "identity";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "oauth_clients",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                secret_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                token_endpoint_auth_method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                redirect_uris = table.Column<string[]>(type: "text[]", nullable: false),
                grant_types = table.Column<string[]>(type: "text[]", nullable: false),
                response_types = table.Column<string[]>(type: "text[]", nullable: false),
                client_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                client_uri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                logo_uri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                tos_uri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                policy_uri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                contacts = table.Column<string[]>(type: "text[]", nullable: true),
                scope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                software_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                software_version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                application_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_oauth_clients", x => x.id));

        migrationBuilder.CreateIndex("ix_oauth_clients_client_id", "oauth_clients", "client_id", schema: Schema, unique: true);

        migrationBuilder.CreateTable(
            name: "oauth_authorization_codes",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                code_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                client_id = table.Column<long>(type: "bigint", nullable: false),
                user_id = table.Column<int>(type: "integer", nullable: false),
                redirect_uri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                code_challenge = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                scope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                resource = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                family_id = table.Column<Guid>(type: "uuid", nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                consumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_authorization_codes", x => x.id);
                table.ForeignKey("fk_oauth_authorization_codes_oauth_clients_client_id", x => x.client_id,
                    principalSchema: Schema, principalTable: "oauth_clients", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_oauth_authorization_codes_users_user_id", x => x.user_id,
                    principalSchema: Schema, principalTable: "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_oauth_authorization_codes_code_hash", "oauth_authorization_codes", "code_hash", schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_oauth_authorization_codes_client_id", "oauth_authorization_codes", "client_id", schema: Schema);
        migrationBuilder.CreateIndex("ix_oauth_authorization_codes_user_id", "oauth_authorization_codes", "user_id", schema: Schema);
        migrationBuilder.CreateIndex("ix_oauth_authorization_codes_expires_at", "oauth_authorization_codes", "expires_at", schema: Schema);

        migrationBuilder.CreateTable(
            name: "oauth_refresh_tokens",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                family_id = table.Column<Guid>(type: "uuid", nullable: false),
                parent_id = table.Column<long>(type: "bigint", nullable: true),
                client_id = table.Column<long>(type: "bigint", nullable: false),
                user_id = table.Column<int>(type: "integer", nullable: false),
                scope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                resource = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                rotated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_refresh_tokens", x => x.id);
                table.ForeignKey("fk_oauth_refresh_tokens_oauth_clients_client_id", x => x.client_id,
                    principalSchema: Schema, principalTable: "oauth_clients", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_oauth_refresh_tokens_users_user_id", x => x.user_id,
                    principalSchema: Schema, principalTable: "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_token_hash", "oauth_refresh_tokens", "token_hash", schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_family_id", "oauth_refresh_tokens", "family_id", schema: Schema);
        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_client_id", "oauth_refresh_tokens", "client_id", schema: Schema);
        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_user_id", "oauth_refresh_tokens", "user_id", schema: Schema);
        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_expires_at", "oauth_refresh_tokens", "expires_at", schema: Schema);

        migrationBuilder.CreateTable(
            name: "oauth_consents",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                user_id = table.Column<int>(type: "integer", nullable: false),
                client_id = table.Column<long>(type: "bigint", nullable: false),
                scope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_consents", x => x.id);
                table.ForeignKey("fk_oauth_consents_oauth_clients_client_id", x => x.client_id,
                    principalSchema: Schema, principalTable: "oauth_clients", principalColumn: "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_oauth_consents_users_user_id", x => x.user_id,
                    principalSchema: Schema, principalTable: "users", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_oauth_consents_user_id_client_id", "oauth_consents", ["user_id", "client_id"], schema: Schema, unique: true);
        migrationBuilder.CreateIndex("ix_oauth_consents_client_id", "oauth_consents", "client_id", schema: Schema);

        migrationBuilder.CreateTable(
            name: "signing_keys",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                algorithm = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                public_jwk = table.Column<string>(type: "text", nullable: false),
                protected_private_key = table.Column<string>(type: "text", nullable: false),
                is_current = table.Column<bool>(type: "boolean", nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_signing_keys", x => x.id));

        migrationBuilder.CreateIndex("ix_signing_keys_single_current", "signing_keys", "is_current", schema: Schema, unique: true, filter: "is_current");

        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                friendly_name = table.Column<string>(type: "text", nullable: true),
                xml = table.Column<string>(type: "text", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_data_protection_keys", x => x.id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("data_protection_keys", Schema);
        migrationBuilder.DropTable("signing_keys", Schema);
        migrationBuilder.DropTable("oauth_consents", Schema);
        migrationBuilder.DropTable("oauth_refresh_tokens", Schema);
        migrationBuilder.DropTable("oauth_authorization_codes", Schema);
        migrationBuilder.DropTable("oauth_clients", Schema);
    }
}
