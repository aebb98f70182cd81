using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SecscopeVisitSearchScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchScope",
                table: "Visits",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // EF's SQLite provider refuses DropColumn; SQLite itself has dropped columns since 3.35.
            migrationBuilder.Sql("ALTER TABLE \"Visits\" DROP COLUMN \"SearchScope\";");
        }
    }
}
