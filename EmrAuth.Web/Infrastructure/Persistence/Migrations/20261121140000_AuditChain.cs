using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations;

/// <summary>
/// Hash-chains the audit trail: AuditEntries gains Sequence (unique), PreviousHash and Hash. SQLite cannot add these
/// NOT NULL columns in the model's column order, so the table is rebuilt: renamed aside, created as the model maps it,
/// refilled, dropped. Existing rows get positions 1, 2, 3 … in Id order and empty hashes; SQLite has no SHA-256, so
/// the portal chains them at its first start, before it writes any row of its own (AuditChainWriter).
/// </summary>
[DbContext(typeof(EmrAuthDbContext))]
[Migration("20261121140000_AuditChain")]
public partial class AuditChain : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_AuditEntries_At", table: "AuditEntries");
        migrationBuilder.DropIndex(name: "IX_AuditEntries_PatientId", table: "AuditEntries");
        migrationBuilder.RenameTable(name: "AuditEntries", newName: "AuditEntries_Unchained");

        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                PreviousHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                Hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                At = table.Column<long>(type: "INTEGER", nullable: false),
                Actor = table.Column<string>(type: "TEXT", nullable: false),
                Action = table.Column<string>(type: "TEXT", nullable: false),
                Subject = table.Column<string>(type: "TEXT", nullable: false),
                Outcome = table.Column<string>(type: "TEXT", nullable: false),
                PatientId = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntries", x => x.Id);
            });

        migrationBuilder.Sql("""
            INSERT INTO "AuditEntries" ("Id", "Sequence", "PreviousHash", "Hash", "At", "Actor", "Action", "Subject", "Outcome", "PatientId")
            SELECT "Id", (SELECT COUNT(*) FROM "AuditEntries_Unchained" AS "e" WHERE "e"."Id" <= "u"."Id"), X'', X'',
                   "At", "Actor", "Action", "Subject", "Outcome", "PatientId"
            FROM "AuditEntries_Unchained" AS "u";
            """);

        migrationBuilder.DropTable(name: "AuditEntries_Unchained");

        migrationBuilder.CreateIndex(name: "IX_AuditEntries_At", table: "AuditEntries", column: "At");
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_PatientId", table: "AuditEntries", column: "PatientId");
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_Sequence", table: "AuditEntries", column: "Sequence", unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_AuditEntries_At", table: "AuditEntries");
        migrationBuilder.DropIndex(name: "IX_AuditEntries_PatientId", table: "AuditEntries");
        migrationBuilder.DropIndex(name: "IX_AuditEntries_Sequence", table: "AuditEntries");
        migrationBuilder.RenameTable(name: "AuditEntries", newName: "AuditEntries_Chained");

        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                At = table.Column<long>(type: "INTEGER", nullable: false),
                Actor = table.Column<string>(type: "TEXT", nullable: false),
                Action = table.Column<string>(type: "TEXT", nullable: false),
                Subject = table.Column<string>(type: "TEXT", nullable: false),
                Outcome = table.Column<string>(type: "TEXT", nullable: false),
                PatientId = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntries", x => x.Id);
            });

        migrationBuilder.Sql("""
            INSERT INTO "AuditEntries" ("Id", "At", "Actor", "Action", "Subject", "Outcome", "PatientId")
            SELECT "Id", "At", "Actor", "Action", "Subject", "Outcome", "PatientId" FROM "AuditEntries_Chained";
            """);

        migrationBuilder.DropTable(name: "AuditEntries_Chained");

        migrationBuilder.CreateIndex(name: "IX_AuditEntries_At", table: "AuditEntries", column: "At");
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_PatientId", table: "AuditEntries", column: "PatientId");
    }
}
