using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RefreshGrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "protected_successor",
                schema: "identity",
                table: "oauth_refresh_tokens",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reuse_grace_until",
                schema: "identity",
                table: "oauth_refresh_tokens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_oauth_refresh_tokens_reuse_grace_until",
                schema: "identity",
                table: "oauth_refresh_tokens",
                column: "reuse_grace_until",
                filter: "reuse_grace_until IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_oauth_refresh_tokens_reuse_grace_until",
                schema: "identity",
                table: "oauth_refresh_tokens");

            migrationBuilder.DropColumn(
                name: "protected_successor",
                schema: "identity",
                table: "oauth_refresh_tokens");

            migrationBuilder.DropColumn(
                name: "reuse_grace_until",
                schema: "identity",
                table: "oauth_refresh_tokens");
        }
    }
}
