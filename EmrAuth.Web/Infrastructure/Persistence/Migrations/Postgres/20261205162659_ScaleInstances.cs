using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScaleInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeploymentState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeploymentState", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PatientVersions",
                columns: table => new
                {
                    PatientId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientVersions", x => x.PatientId);
                });

            migrationBuilder.CreateTable(
                name: "ReplayDigests",
                columns: table => new
                {
                    Party = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Digest = table.Column<byte[]>(type: "bytea", nullable: false),
                    ExpiresTicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplayDigests", x => new { x.Party, x.Digest });
                });

            migrationBuilder.InsertData(
                table: "DeploymentState",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_ReplayDigests_ExpiresTicks",
                table: "ReplayDigests",
                column: "ExpiresTicks");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DeploymentState");

            migrationBuilder.DropTable(
                name: "PatientVersions");

            migrationBuilder.DropTable(
                name: "ReplayDigests");
        }
    }
}
