using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations;

/// <summary>
/// The first schema: every table, column, key, index and foreign key of <see cref="EmrAuthDbContext"/> as EF Core 9.0.20's
/// SQLite provider maps the model (DateTimeOffset → INTEGER ticks, nullable DateTimeOffset → TEXT, enums → TEXT).
/// </summary>
/// <remarks>
/// Written by hand, before Microsoft.EntityFrameworkCore.Design restored here; kept unchanged because existing databases
/// have applied it. It mirrors what <c>migrations add</c> scaffolds for the model, and
/// <c>EmrAuth.Tests/Web/Infrastructure/Persistence/SchemaTests</c> proves it: the migrated database must equal the one
/// <c>GenerateCreateScript()</c> builds, column for column. Later migrations come from <c>dotnet ef migrations add</c>.
/// </remarks>
[DbContext(typeof(EmrAuthDbContext))]
[Migration("20261121120000_InitialSchema")]
public partial class InitialSchema : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Accounts",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                PartyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Accounts", x => x.Id);
            });

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

        migrationBuilder.CreateTable(
            name: "Certificates",
            columns: table => new
            {
                Serial = table.Column<string>(type: "TEXT", nullable: false),
                DoctorId = table.Column<string>(type: "TEXT", nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: false),
                NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                Encoded = table.Column<byte[]>(type: "BLOB", nullable: false),
                RevokedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                RevocationReason = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Certificates", x => x.Serial);
            });

        migrationBuilder.CreateTable(
            name: "CloudSecrets",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                SealedMasterSecret = table.Column<byte[]>(type: "BLOB", nullable: false),
                SealedCloudKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                SealedAuthorityKey = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CloudSecrets", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Departments",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                HospitalId = table.Column<string>(type: "TEXT", nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Departments", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "EmrEntries",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                HospitalId = table.Column<string>(type: "TEXT", nullable: false),
                PatientId = table.Column<string>(type: "TEXT", nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: false),
                At = table.Column<long>(type: "INTEGER", nullable: false),
                Author = table.Column<string>(type: "TEXT", nullable: false),
                SealedText = table.Column<byte[]>(type: "BLOB", nullable: false),
                AuthorSignature = table.Column<byte[]>(type: "BLOB", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EmrEntries", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "IndexRecords",
            columns: table => new
            {
                KeyHex = table.Column<string>(type: "TEXT", nullable: false),
                Masked = table.Column<byte[]>(type: "BLOB", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_IndexRecords", x => x.KeyHex);
            });

        migrationBuilder.CreateTable(
            name: "Registrations",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                PartyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: true),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                DecisionNote = table.Column<string>(type: "TEXT", nullable: true),
                R = table.Column<byte[]>(type: "BLOB", nullable: true),
                SealedScalar = table.Column<byte[]>(type: "BLOB", nullable: true),
                SealedBiometricPassword = table.Column<byte[]>(type: "BLOB", nullable: true),
                CertificateSerial = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Registrations", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Visits",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                PatientId = table.Column<string>(type: "TEXT", nullable: false),
                DoctorId = table.Column<string>(type: "TEXT", nullable: false),
                DepartmentId = table.Column<string>(type: "TEXT", nullable: true),
                HospitalId = table.Column<string>(type: "TEXT", nullable: true),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Profile = table.Column<string>(type: "TEXT", nullable: false),
                StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                Outcome = table.Column<string>(type: "TEXT", nullable: true),
                SealedDiagnosis = table.Column<byte[]>(type: "BLOB", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Visits", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "VisitEvents",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                VisitId = table.Column<Guid>(type: "TEXT", nullable: false),
                Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", nullable: false),
                At = table.Column<long>(type: "INTEGER", nullable: false),
                SealedPayload = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_VisitEvents", x => x.Id);
                table.ForeignKey(
                    name: "FK_VisitEvents_Visits_VisitId",
                    column: x => x.VisitId,
                    principalTable: "Visits",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Accounts_UserName",
            table: "Accounts",
            column: "UserName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_At",
            table: "AuditEntries",
            column: "At");

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_PatientId",
            table: "AuditEntries",
            column: "PatientId");

        migrationBuilder.CreateIndex(
            name: "IX_Certificates_DoctorId",
            table: "Certificates",
            column: "DoctorId");

        migrationBuilder.CreateIndex(
            name: "IX_Departments_HospitalId_DepartmentId",
            table: "Departments",
            columns: new[] { "HospitalId", "DepartmentId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_EmrEntries_HospitalId_PatientId_DepartmentId",
            table: "EmrEntries",
            columns: new[] { "HospitalId", "PatientId", "DepartmentId" });

        migrationBuilder.CreateIndex(
            name: "IX_Registrations_Role_PartyId",
            table: "Registrations",
            columns: new[] { "Role", "PartyId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_VisitEvents_VisitId_Sequence",
            table: "VisitEvents",
            columns: new[] { "VisitId", "Sequence" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Visits_DoctorId",
            table: "Visits",
            column: "DoctorId");

        migrationBuilder.CreateIndex(
            name: "IX_Visits_PatientId",
            table: "Visits",
            column: "PatientId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "Accounts");

        migrationBuilder.DropTable(
            name: "AuditEntries");

        migrationBuilder.DropTable(
            name: "Certificates");

        migrationBuilder.DropTable(
            name: "CloudSecrets");

        migrationBuilder.DropTable(
            name: "Departments");

        migrationBuilder.DropTable(
            name: "EmrEntries");

        migrationBuilder.DropTable(
            name: "IndexRecords");

        migrationBuilder.DropTable(
            name: "Registrations");

        migrationBuilder.DropTable(
            name: "VisitEvents");

        migrationBuilder.DropTable(
            name: "Visits");
    }
}
