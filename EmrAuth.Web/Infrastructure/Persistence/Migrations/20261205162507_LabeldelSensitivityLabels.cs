using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LabeldelSensitivityLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "SealedSensitivityLabel",
                table: "EmrEntries",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // As in VectorsDiagnosisCommitmentKey: EF's SQLite rebuild would copy columns a later Down already dropped; SQLite (3.35+) drops it itself.
            migrationBuilder.Sql("ALTER TABLE \"EmrEntries\" DROP COLUMN \"SealedSensitivityLabel\";");
        }
    }
}
