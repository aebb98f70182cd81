using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedLimitsCountersPg : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInFailures",
                columns: table => new
                {
                    UserName = table.Column<string>(type: "character varying(65)", maxLength: 65, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    LastTicks = table.Column<long>(type: "bigint", nullable: false),
                    LockedUntilTicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInFailures", x => x.UserName);
                });

            migrationBuilder.CreateTable(
                name: "SignUpGate",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastTicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignUpGate", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SignUpSubmissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AtTicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignUpSubmissions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "SignUpGate",
                columns: new[] { "Id", "LastTicks" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_SignInFailures_LastTicks",
                table: "SignInFailures",
                column: "LastTicks");

            migrationBuilder.CreateIndex(
                name: "IX_SignUpSubmissions_Address",
                table: "SignUpSubmissions",
                column: "Address");

            migrationBuilder.CreateIndex(
                name: "IX_SignUpSubmissions_AtTicks",
                table: "SignUpSubmissions",
                column: "AtTicks");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInFailures");

            migrationBuilder.DropTable(
                name: "SignUpGate");

            migrationBuilder.DropTable(
                name: "SignUpSubmissions");
        }
    }
}
