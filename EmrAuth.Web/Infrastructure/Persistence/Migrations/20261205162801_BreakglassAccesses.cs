using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BreakglassAccesses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BreakGlassAccesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DoctorId = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    HospitalId = table.Column<string>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReasonText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Profile = table.Column<string>(type: "TEXT", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RestrictedConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Opens = table.Column<int>(type: "INTEGER", nullable: false),
                    LastOpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Review = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreakGlassAccesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BreakGlassEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccessId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    SealedPayload = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreakGlassEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BreakGlassEvents_BreakGlassAccesses_AccessId",
                        column: x => x.AccessId,
                        principalTable: "BreakGlassAccesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassAccesses_DoctorId",
                table: "BreakGlassAccesses",
                column: "DoctorId");

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassAccesses_HospitalId",
                table: "BreakGlassAccesses",
                column: "HospitalId");

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassAccesses_PatientId",
                table: "BreakGlassAccesses",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassEvents_AccessId_Sequence",
                table: "BreakGlassEvents",
                columns: new[] { "AccessId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BreakGlassEvents");

            migrationBuilder.DropTable(
                name: "BreakGlassAccesses");
        }
    }
}
