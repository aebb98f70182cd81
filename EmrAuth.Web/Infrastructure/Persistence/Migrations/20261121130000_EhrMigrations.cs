using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations;

/// <summary>
/// EHR migration (docs/ehr-migration.md): the TTPH's sealed keys, the Cert_H it issued and revoked, each migration party's sealed
/// state between messages, the records archived after migrating away, and every migration with its transcript.
/// Only new tables: no existing column changes, so no table is rebuilt. Written by hand like <see cref="InitialSchema"/>.
/// </summary>
[DbContext(typeof(EmrAuthDbContext))]
[Migration("20261121130000_EhrMigrations")]
public partial class EhrMigrations : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ArchivedRecords",
            columns: table => new
            {
                HospitalId = table.Column<string>(type: "TEXT", nullable: false),
                PatientId = table.Column<string>(type: "TEXT", nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: false),
                MigratedTo = table.Column<string>(type: "TEXT", nullable: false),
                ArchivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                SealedRecord = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ArchivedRecords", x => new { x.HospitalId, x.PatientId, x.DepartmentId });
            });

        migrationBuilder.CreateTable(
            name: "HospitalCertificates",
            columns: table => new
            {
                Serial = table.Column<string>(type: "TEXT", nullable: false),
                HospitalId = table.Column<string>(type: "TEXT", nullable: false),
                NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                Encoded = table.Column<byte[]>(type: "BLOB", nullable: false),
                RevokedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                RevocationReason = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_HospitalCertificates", x => x.Serial);
            });

        migrationBuilder.CreateTable(
            name: "MigrationPartyStates",
            columns: table => new
            {
                PartyId = table.Column<string>(type: "TEXT", nullable: false),
                SealedState = table.Column<byte[]>(type: "BLOB", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MigrationPartyStates", x => x.PartyId);
            });

        migrationBuilder.CreateTable(
            name: "Migrations",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                PatientId = table.Column<string>(type: "TEXT", nullable: false),
                SourceId = table.Column<string>(type: "TEXT", nullable: false),
                DestinationId = table.Column<string>(type: "TEXT", nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                NextStep = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                Outcome = table.Column<string>(type: "TEXT", nullable: true),
                FailedCheck = table.Column<string>(type: "TEXT", nullable: true),
                Proof = table.Column<byte[]>(type: "BLOB", nullable: true),
                ProofIssuedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                RecordDigest = table.Column<byte[]>(type: "BLOB", nullable: true),
                ReceiptCertificate = table.Column<string>(type: "TEXT", nullable: true),
                ReceiptSignature = table.Column<byte[]>(type: "BLOB", nullable: true),
                ReceiptSignedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Migrations", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "TtphSecrets",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                TtphId = table.Column<string>(type: "TEXT", nullable: false),
                SealedAuthorityKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                SealedEncryptionKey = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TtphSecrets", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "MigrationEvents",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                MigrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", nullable: false),
                At = table.Column<long>(type: "INTEGER", nullable: false),
                SealedPayload = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MigrationEvents", x => x.Id);
                table.ForeignKey(
                    name: "FK_MigrationEvents_Migrations_MigrationId",
                    column: x => x.MigrationId,
                    principalTable: "Migrations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_HospitalCertificates_HospitalId",
            table: "HospitalCertificates",
            column: "HospitalId");

        migrationBuilder.CreateIndex(
            name: "IX_MigrationEvents_MigrationId_Sequence",
            table: "MigrationEvents",
            columns: new[] { "MigrationId", "Sequence" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Migrations_DestinationId",
            table: "Migrations",
            column: "DestinationId");

        migrationBuilder.CreateIndex(
            name: "IX_Migrations_PatientId",
            table: "Migrations",
            column: "PatientId");

        migrationBuilder.CreateIndex(
            name: "IX_Migrations_SourceId",
            table: "Migrations",
            column: "SourceId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "ArchivedRecords");

        migrationBuilder.DropTable(
            name: "HospitalCertificates");

        migrationBuilder.DropTable(
            name: "MigrationEvents");

        migrationBuilder.DropTable(
            name: "MigrationPartyStates");

        migrationBuilder.DropTable(
            name: "TtphSecrets");

        migrationBuilder.DropTable(
            name: "Migrations");
    }
}
