using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BreakglassAccessesPg : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BreakGlassAccesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DoctorId = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    HospitalId = table.Column<string>(type: "text", nullable: false),
                    DepartmentId = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReasonText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Profile = table.Column<string>(type: "text", nullable: false),
                    StartsAt = table.Column<long>(type: "bigint", nullable: false),
                    EndsAt = table.Column<long>(type: "bigint", nullable: false),
                    RestrictedConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    Opens = table.Column<int>(type: "integer", nullable: false),
                    LastOpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    Review = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReviewedBy = table.Column<string>(type: "text", nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreakGlassAccesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BreakGlassEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccessId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    SealedPayload = table.Column<byte[]>(type: "bytea", nullable: false)
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
