using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HardenedEscrowFreeKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Issuance",
                table: "Registrations",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Escrowed");

            migrationBuilder.AddColumn<byte[]>(
                name: "SealedPartyKey",
                table: "Registrations",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Form",
                table: "IndexRecords",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Paper");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column itself (3.35+); EF would rebuild the table from the previous migration's model, which
            // the hand-written migrations do not carry.
            migrationBuilder.Sql("ALTER TABLE \"IndexRecords\" DROP COLUMN \"Form\";");
            migrationBuilder.Sql("ALTER TABLE \"Registrations\" DROP COLUMN \"SealedPartyKey\";");
            migrationBuilder.Sql("ALTER TABLE \"Registrations\" DROP COLUMN \"Issuance\";");
        }
    }
}
