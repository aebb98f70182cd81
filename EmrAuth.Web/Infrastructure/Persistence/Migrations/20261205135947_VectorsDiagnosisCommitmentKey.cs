using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VectorsDiagnosisCommitmentKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "SealedCommitmentKey",
                table: "EmrEntries",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // EF's SQLite provider refuses DropColumn without a model to rebuild the table from; SQLite itself (3.35+) drops it.
            migrationBuilder.Sql("ALTER TABLE \"EmrEntries\" DROP COLUMN \"SealedCommitmentKey\";");
        }
    }
}
