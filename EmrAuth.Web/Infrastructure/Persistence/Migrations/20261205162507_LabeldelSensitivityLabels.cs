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
            migrationBuilder.DropColumn(
                name: "SealedSensitivityLabel",
                table: "EmrEntries");
        }
    }
}
