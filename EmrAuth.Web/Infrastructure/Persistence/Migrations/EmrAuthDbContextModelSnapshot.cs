using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EmrAuth.Web.Infrastructure.Persistence.Migrations;

/// <summary>
/// The model as of the latest migration (<see cref="EhrMigrations"/>).
/// </summary>
/// <remarks>
/// <c>Database.Migrate()</c> needs this to stay honest: EF Core 9 compares it with the current model and throws
/// PendingModelChangesWarning ("The model for context 'EmrAuthDbContext' has pending changes") when they differ, so a
/// model change shipped without a migration fails at startup instead of running against a stale schema. Without any
/// snapshot EF skips that check (it only logs ModelSnapshotNotFound), which is why the snapshot exists.
/// It is the text EF Core 9.0.20's snapshot generator writes for this model (made with the Design assembly outside the
/// repository, since the package does not restore here). When the model changes, add a migration and update this
/// class to match; <c>SchemaTests.The_snapshot_matches_the_model</c> fails until both agree.
/// </remarks>
[DbContext(typeof(EmrAuthDbContext))]
internal partial class EmrAuthDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
#pragma warning disable 612, 618
        modelBuilder.HasAnnotation("ProductVersion", "9.0.20");

        modelBuilder.Entity("EmrAuth.Web.Data.Account", b =>
            {
                b.Property<int>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<long>("CreatedAt")
                    .HasColumnType("INTEGER");

                b.Property<string>("DisplayName")
                    .IsRequired()
                    .HasMaxLength(100)
                    .HasColumnType("TEXT");

                b.Property<string>("PartyId")
                    .HasMaxLength(40)
                    .HasColumnType("TEXT");

                b.Property<string>("PasswordHash")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("Role")
                    .IsRequired()
                    .HasMaxLength(32)
                    .HasColumnType("TEXT");

                b.Property<string>("UserName")
                    .IsRequired()
                    .HasMaxLength(64)
                    .HasColumnType("TEXT");

                b.HasKey("Id");

                b.HasIndex("UserName")
                    .IsUnique();

                b.ToTable("Accounts");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.ArchivedRecordRow", b =>
            {
                b.Property<string>("HospitalId")
                    .HasColumnType("TEXT");

                b.Property<string>("PatientId")
                    .HasColumnType("TEXT");

                b.Property<string>("DepartmentId")
                    .HasColumnType("TEXT");

                b.Property<long>("ArchivedAt")
                    .HasColumnType("INTEGER");

                b.Property<string>("MigratedTo")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedRecord")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.HasKey("HospitalId", "PatientId", "DepartmentId");

                b.ToTable("ArchivedRecords");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.AuditEntry", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<string>("Action")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("Actor")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<long>("At")
                    .HasColumnType("INTEGER");

                b.Property<byte[]>("Hash")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<string>("Outcome")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("PatientId")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("PreviousHash")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<long>("Sequence")
                    .HasColumnType("INTEGER");

                b.Property<string>("Subject")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.HasKey("Id");

                b.HasIndex("At");

                b.HasIndex("PatientId");

                b.HasIndex("Sequence")
                    .IsUnique();

                b.ToTable("AuditEntries");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.CertificateRecord", b =>
            {
                b.Property<string>("Serial")
                    .HasColumnType("TEXT");

                b.Property<string>("DepartmentId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("DoctorId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("Encoded")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<long>("NotAfter")
                    .HasColumnType("INTEGER");

                b.Property<long>("NotBefore")
                    .HasColumnType("INTEGER");

                b.Property<string>("RevocationReason")
                    .HasColumnType("TEXT");

                b.Property<DateTimeOffset?>("RevokedAt")
                    .HasColumnType("TEXT");

                b.HasKey("Serial");

                b.HasIndex("DoctorId");

                b.ToTable("Certificates");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.CloudSecrets", b =>
            {
                b.Property<int>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<byte[]>("SealedAuthorityKey")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<byte[]>("SealedCloudKey")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<byte[]>("SealedMasterSecret")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.HasKey("Id");

                b.ToTable("CloudSecrets");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.Department", b =>
            {
                b.Property<int>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<string>("DepartmentId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("HospitalId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("Name")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.HasKey("Id");

                b.HasIndex("HospitalId", "DepartmentId")
                    .IsUnique();

                b.ToTable("Departments");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.EmrEntry", b =>
            {
                b.Property<int>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<long>("At")
                    .HasColumnType("INTEGER");

                b.Property<string>("Author")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("AuthorSignature")
                    .HasColumnType("BLOB");

                b.Property<string>("DepartmentId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("HospitalId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("PatientId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedText")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.HasKey("Id");

                b.HasIndex("HospitalId", "PatientId", "DepartmentId");

                b.ToTable("EmrEntries");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.HospitalCertificateRecord", b =>
            {
                b.Property<string>("Serial")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("Encoded")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<string>("HospitalId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<long>("NotAfter")
                    .HasColumnType("INTEGER");

                b.Property<long>("NotBefore")
                    .HasColumnType("INTEGER");

                b.Property<string>("RevocationReason")
                    .HasColumnType("TEXT");

                b.Property<DateTimeOffset?>("RevokedAt")
                    .HasColumnType("TEXT");

                b.HasKey("Serial");

                b.HasIndex("HospitalId");

                b.ToTable("HospitalCertificates");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.IndexRecord", b =>
            {
                b.Property<string>("KeyHex")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("Masked")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<long>("UpdatedAt")
                    .HasColumnType("INTEGER");

                b.HasKey("KeyHex");

                b.ToTable("IndexRecords");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.MigrationEventRecord", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<long>("At")
                    .HasColumnType("INTEGER");

                b.Property<string>("Kind")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<Guid>("MigrationId")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedPayload")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<long>("Sequence")
                    .HasColumnType("INTEGER");

                b.HasKey("Id");

                b.HasIndex("MigrationId", "Sequence")
                    .IsUnique();

                b.ToTable("MigrationEvents");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.MigrationPartyState", b =>
            {
                b.Property<string>("PartyId")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedState")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<long>("UpdatedAt")
                    .HasColumnType("INTEGER");

                b.HasKey("PartyId");

                b.ToTable("MigrationPartyStates");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.MigrationRecord", b =>
            {
                b.Property<Guid>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("TEXT");

                b.Property<string>("DepartmentId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("DestinationId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("FailedCheck")
                    .HasColumnType("TEXT");

                b.Property<string>("NextStep")
                    .IsRequired()
                    .HasMaxLength(8)
                    .HasColumnType("TEXT");

                b.Property<string>("Outcome")
                    .HasColumnType("TEXT");

                b.Property<string>("PatientId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("Proof")
                    .HasColumnType("BLOB");

                b.Property<DateTimeOffset?>("ProofIssuedAt")
                    .HasColumnType("TEXT");

                b.Property<string>("ReceiptCertificate")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("ReceiptSignature")
                    .HasColumnType("BLOB");

                b.Property<DateTimeOffset?>("ReceiptSignedAt")
                    .HasColumnType("TEXT");

                b.Property<byte[]>("RecordDigest")
                    .HasColumnType("BLOB");

                b.Property<string>("SourceId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<long>("StartedAt")
                    .HasColumnType("INTEGER");

                b.Property<string>("Status")
                    .IsRequired()
                    .HasMaxLength(16)
                    .HasColumnType("TEXT");

                b.Property<long>("UpdatedAt")
                    .HasColumnType("INTEGER");

                b.HasKey("Id");

                b.HasIndex("DestinationId");

                b.HasIndex("PatientId");

                b.HasIndex("SourceId");

                b.ToTable("Migrations");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.PartyRegistration", b =>
            {
                b.Property<int>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<string>("CertificateSerial")
                    .HasColumnType("TEXT");

                b.Property<DateTimeOffset?>("DecidedAt")
                    .HasColumnType("TEXT");

                b.Property<string>("DecisionNote")
                    .HasColumnType("TEXT");

                b.Property<string>("DepartmentId")
                    .HasColumnType("TEXT");

                b.Property<string>("DisplayName")
                    .IsRequired()
                    .HasMaxLength(100)
                    .HasColumnType("TEXT");

                b.Property<string>("PartyId")
                    .IsRequired()
                    .HasMaxLength(40)
                    .HasColumnType("TEXT");

                b.Property<byte[]>("R")
                    .HasColumnType("BLOB");

                b.Property<long>("RequestedAt")
                    .HasColumnType("INTEGER");

                b.Property<string>("Role")
                    .IsRequired()
                    .HasMaxLength(32)
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedBiometricPassword")
                    .HasColumnType("BLOB");

                b.Property<byte[]>("SealedScalar")
                    .HasColumnType("BLOB");

                b.Property<string>("Status")
                    .IsRequired()
                    .HasMaxLength(16)
                    .HasColumnType("TEXT");

                b.HasKey("Id");

                b.HasIndex("Role", "PartyId")
                    .IsUnique();

                b.ToTable("Registrations");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.TtphSecrets", b =>
            {
                b.Property<int>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<byte[]>("SealedAuthorityKey")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<byte[]>("SealedEncryptionKey")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<string>("TtphId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.HasKey("Id");

                b.ToTable("TtphSecrets");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.VisitEventRecord", b =>
            {
                b.Property<long>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("INTEGER");

                b.Property<long>("At")
                    .HasColumnType("INTEGER");

                b.Property<string>("Kind")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedPayload")
                    .IsRequired()
                    .HasColumnType("BLOB");

                b.Property<long>("Sequence")
                    .HasColumnType("INTEGER");

                b.Property<Guid>("VisitId")
                    .HasColumnType("TEXT");

                b.HasKey("Id");

                b.HasIndex("VisitId", "Sequence")
                    .IsUnique();

                b.ToTable("VisitEvents");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.VisitRecord", b =>
            {
                b.Property<Guid>("Id")
                    .ValueGeneratedOnAdd()
                    .HasColumnType("TEXT");

                b.Property<string>("DepartmentId")
                    .HasColumnType("TEXT");

                b.Property<string>("DoctorId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("HospitalId")
                    .HasColumnType("TEXT");

                b.Property<string>("Outcome")
                    .HasColumnType("TEXT");

                b.Property<string>("PatientId")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<string>("Profile")
                    .IsRequired()
                    .HasColumnType("TEXT");

                b.Property<byte[]>("SealedDiagnosis")
                    .HasColumnType("BLOB");

                b.Property<long>("StartedAt")
                    .HasColumnType("INTEGER");

                b.Property<string>("Status")
                    .IsRequired()
                    .HasMaxLength(16)
                    .HasColumnType("TEXT");

                b.Property<long>("UpdatedAt")
                    .HasColumnType("INTEGER");

                b.HasKey("Id");

                b.HasIndex("DoctorId");

                b.HasIndex("PatientId");

                b.ToTable("Visits");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.MigrationEventRecord", b =>
            {
                b.HasOne("EmrAuth.Web.Data.MigrationRecord", null)
                    .WithMany("Events")
                    .HasForeignKey("MigrationId")
                    .OnDelete(DeleteBehavior.Cascade)
                    .IsRequired();
            });

        modelBuilder.Entity("EmrAuth.Web.Data.VisitEventRecord", b =>
            {
                b.HasOne("EmrAuth.Web.Data.VisitRecord", null)
                    .WithMany("Events")
                    .HasForeignKey("VisitId")
                    .OnDelete(DeleteBehavior.Cascade)
                    .IsRequired();
            });

        modelBuilder.Entity("EmrAuth.Web.Data.MigrationRecord", b =>
            {
                b.Navigation("Events");
            });

        modelBuilder.Entity("EmrAuth.Web.Data.VisitRecord", b =>
            {
                b.Navigation("Events");
            });
#pragma warning restore 612, 618
    }
}
