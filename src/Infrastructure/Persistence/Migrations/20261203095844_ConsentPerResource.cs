using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConsentPerResource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_oauth_consents_user_id_client_id",
                schema: "identity",
                table: "oauth_consents");

            migrationBuilder.AddColumn<string>(
                name: "resource",
                schema: "identity",
                table: "oauth_consents",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_oauth_consents_user_id_client_id_resource",
                schema: "identity",
                table: "oauth_consents",
                columns: new[] { "user_id", "client_id", "resource" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_oauth_consents_user_id_client_id_resource",
                schema: "identity",
                table: "oauth_consents");

            migrationBuilder.DropColumn(
                name: "resource",
                schema: "identity",
                table: "oauth_consents");

            migrationBuilder.CreateIndex(
                name: "ix_oauth_consents_user_id_client_id",
                schema: "identity",
                table: "oauth_consents",
                columns: new[] { "user_id", "client_id" },
                unique: true);
        }
    }
}
