using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations.Postgres
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
                    GrantId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PatientId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    GranteeKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    GranteeId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Departments = table.Column<string>(type: "text", nullable: false),
                    IncludesRestricted = table.Column<bool>(type: "boolean", nullable: false),
                    NotBefore = table.Column<long>(type: "bigint", nullable: false),
                    NotAfter = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    SignedGrant = table.Column<byte[]>(type: "bytea", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SignedRevocation = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentGrants", x => x.GrantId);
                });

            migrationBuilder.CreateTable(
                name: "ConsentUses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    GrantId = table.Column<string>(type: "character varying(32)", nullable: false),
                    DoctorId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    DepartmentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HospitalId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    FailedCheck = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true)
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
