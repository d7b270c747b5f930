using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IdentityUserDirectoryView : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Identity's published read of its users for other modules' statements (decision 0216).
            migrationBuilder.Sql("CREATE VIEW identity.user_directory AS SELECT u.id, u.name, u.email FROM identity.users AS u;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW IF EXISTS identity.user_directory;");
        }
    }
}
