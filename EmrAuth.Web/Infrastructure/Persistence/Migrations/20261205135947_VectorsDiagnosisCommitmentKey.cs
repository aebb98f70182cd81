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
            migrationBuilder.DropColumn(
                name: "SealedCommitmentKey",
                table: "EmrEntries");
        }
    }
}
