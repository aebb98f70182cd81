using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FhirImportProvenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportedAs",
                table: "EmrEntries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceSystem",
                table: "EmrEntries",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column natively (3.35+); EF would rebuild the table from the previous migration's target
            // model, which the hand-written AuditChain migration does not carry.
            migrationBuilder.Sql("ALTER TABLE \"EmrEntries\" DROP COLUMN \"SourceSystem\";");
            migrationBuilder.Sql("ALTER TABLE \"EmrEntries\" DROP COLUMN \"ImportedAs\";");
        }
    }
}
