using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConsentGrants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentGrants",
                columns: table => new
                {
                    GrantId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    GranteeKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    GranteeId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Departments = table.Column<string>(type: "TEXT", nullable: false),
                    IncludesRestricted = table.Column<bool>(type: "INTEGER", nullable: false),
                    NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SignedGrant = table.Column<byte[]>(type: "BLOB", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    SignedRevocation = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentGrants", x => x.GrantId);
                });

            migrationBuilder.CreateTable(
                name: "ConsentUses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GrantId = table.Column<string>(type: "TEXT", nullable: false),
                    DoctorId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HospitalId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    FailedCheck = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentUses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsentUses_ConsentGrants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "ConsentGrants",
                        principalColumn: "GrantId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentGrants_GranteeKind_GranteeId",
                table: "ConsentGrants",
                columns: new[] { "GranteeKind", "GranteeId" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentGrants_PatientId",
                table: "ConsentGrants",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentUses_DoctorId",
                table: "ConsentUses",
                column: "DoctorId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentUses_GrantId",
                table: "ConsentUses",
                column: "GrantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentUses");

            migrationBuilder.DropTable(
                name: "ConsentGrants");
        }
    }
}
