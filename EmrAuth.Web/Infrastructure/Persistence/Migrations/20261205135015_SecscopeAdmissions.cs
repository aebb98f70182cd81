using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SecscopeAdmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Admissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HospitalId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    SignedAgreement = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Admissions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_HospitalId_PatientId",
                table: "Admissions",
                columns: new[] { "HospitalId", "PatientId" });

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_PatientId",
                table: "Admissions",
                column: "PatientId");

            // Records kept before agreements were required are grandfathered: one row per hospital and patient, marked as
            // such, dated by the record's first entry. They are served as before; a new record needs a signed agreement.
            migrationBuilder.Sql(
                "INSERT INTO \"Admissions\" (\"HospitalId\", \"PatientId\", \"Status\", \"RequestedBy\", \"RequestedAt\") " +
                "SELECT \"HospitalId\", \"PatientId\", 'Grandfathered', 'upgrade', MIN(\"At\") FROM \"EmrEntries\" GROUP BY \"HospitalId\", \"PatientId\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Admissions");
        }
    }
}
