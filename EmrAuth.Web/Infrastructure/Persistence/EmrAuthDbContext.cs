using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>The portal's database. On SQLite it is used as is; on PostgreSQL through <see cref="PostgresEmrAuthDbContext"/>.</summary>
public class EmrAuthDbContext : DbContext
{
    public EmrAuthDbContext(DbContextOptions<EmrAuthDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, whose own migrations EF Core finds by its type.</summary>
    protected EmrAuthDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<PartyRegistration> Registrations => Set<PartyRegistration>();

    public DbSet<CloudSecrets> CloudSecrets => Set<CloudSecrets>();

    public DbSet<CertificateRecord> Certificates => Set<CertificateRecord>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<EmrEntry> EmrEntries => Set<EmrEntry>();

    public DbSet<IndexRecord> IndexRecords => Set<IndexRecord>();

    public DbSet<VisitRecord> Visits => Set<VisitRecord>();

    public DbSet<VisitEventRecord> VisitEvents => Set<VisitEventRecord>();

    public DbSet<VisitSessionState> VisitSessionStates => Set<VisitSessionState>();

    public DbSet<MigrationRecord> Migrations => Set<MigrationRecord>();

    public DbSet<MigrationEventRecord> MigrationEvents => Set<MigrationEventRecord>();

    public DbSet<TtphSecrets> TtphSecrets => Set<TtphSecrets>();

    public DbSet<HospitalCertificateRecord> HospitalCertificates => Set<HospitalCertificateRecord>();

    public DbSet<MigrationPartyState> MigrationPartyStates => Set<MigrationPartyState>();

    public DbSet<ArchivedRecordRow> ArchivedRecords => Set<ArchivedRecordRow>();

    public DbSet<AdmissionRecord> Admissions => Set<AdmissionRecord>();

    public DbSet<DelegationRecord> Delegations => Set<DelegationRecord>();

    public DbSet<ConsentGrantRecord> ConsentGrants => Set<ConsentGrantRecord>();

    public DbSet<ConsentUseRecord> ConsentUses => Set<ConsentUseRecord>();

    public DbSet<BreakGlassRecord> BreakGlassAccesses => Set<BreakGlassRecord>();

    public DbSet<BreakGlassEventRecord> BreakGlassEvents => Set<BreakGlassEventRecord>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    public DbSet<SignUpSubmission> SignUpSubmissions => Set<SignUpSubmission>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(e =>
        {
            e.HasIndex(a => a.UserName).IsUnique();
            e.Property(a => a.UserName).HasMaxLength(64);
            e.Property(a => a.Role).HasMaxLength(32);
            e.Property(a => a.PartyId).HasMaxLength(40);
            e.Property(a => a.DisplayName).HasMaxLength(100);
            // Accounts from before the stamp existed get "" (and their sessions carry no stamp claim, read as "").
            e.Property(a => a.SecurityStamp).HasMaxLength(32).HasDefaultValue("");
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.PatientId);
            // Two writers can never both append the same position: the chain cannot fork.
            e.HasIndex(a => a.Sequence).IsUnique();
        });
        modelBuilder.Entity<PartyRegistration>(e =>
        {
            e.HasIndex(r => new { r.Role, r.PartyId }).IsUnique();
            e.Property(r => r.PartyId).HasMaxLength(40);
            e.Property(r => r.Role).HasMaxLength(32);
            e.Property(r => r.DisplayName).HasMaxLength(100);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            // Rows stored before escrow-free issuance were issued as the paper does.
            e.Property(r => r.Issuance).HasConversion<string>().HasMaxLength(16).HasDefaultValue(KeyIssuance.Escrowed);
        });
        modelBuilder.Entity<CertificateRecord>(e =>
        {
            e.HasKey(c => c.Serial);
            e.HasIndex(c => c.DoctorId);
        });
        modelBuilder.Entity<Department>(e => e.HasIndex(d => new { d.HospitalId, d.DepartmentId }).IsUnique());
        modelBuilder.Entity<EmrEntry>(e =>
        {
            e.HasIndex(x => new { x.HospitalId, x.PatientId, x.DepartmentId });
            e.Property(x => x.SourceSystem).HasMaxLength(FhirImport.MaxSourceLength);
            e.Property(x => x.ImportedAs).HasMaxLength(32);
        });
        modelBuilder.Entity<IndexRecord>(e =>
        {
            e.HasKey(i => i.KeyHex);
            // Rows stored before the hardened index have the paper's XOR form; the next start re-seals them.
            e.Property(i => i.Form).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ProtocolProfile.Paper);
        });
        modelBuilder.Entity<DelegationRecord>(e =>
        {
            e.HasIndex(d => d.PatientId);
            e.HasIndex(d => d.DelegateUserName);
            e.Property(d => d.PatientId).HasMaxLength(40);
            e.Property(d => d.DelegateUserName).HasMaxLength(64);
            e.Property(d => d.Role).HasMaxLength(16);
        });
        modelBuilder.Entity<AdmissionRecord>(e =>
        {
            e.HasIndex(a => new { a.HospitalId, a.PatientId });
            e.HasIndex(a => a.PatientId);
            e.Property(a => a.HospitalId).HasMaxLength(40);
            e.Property(a => a.PatientId).HasMaxLength(40);
            e.Property(a => a.RequestedBy).HasMaxLength(64);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<VisitRecord>(e =>
        {
            e.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(v => v.PatientId);
            e.HasIndex(v => v.DoctorId);
            e.HasMany(v => v.Events).WithOne().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<VisitEventRecord>(e => e.HasIndex(x => new { x.VisitId, x.Sequence }).IsUnique());
        modelBuilder.Entity<VisitSessionState>(e =>
        {
            e.HasKey(s => s.VisitId);
            e.HasOne<VisitRecord>().WithOne().HasForeignKey<VisitSessionState>(s => s.VisitId).OnDelete(DeleteBehavior.Cascade);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<MigrationRecord>(e =>
        {
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.NextStep).HasMaxLength(8);
            e.HasIndex(m => m.PatientId);
            e.HasIndex(m => m.SourceId);
            e.HasIndex(m => m.DestinationId);
            e.HasMany(m => m.Events).WithOne().HasForeignKey(x => x.MigrationId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MigrationEventRecord>(e => e.HasIndex(x => new { x.MigrationId, x.Sequence }).IsUnique());
        modelBuilder.Entity<HospitalCertificateRecord>(e =>
        {
            e.HasKey(c => c.Serial);
            e.HasIndex(c => c.HospitalId);
        });
        modelBuilder.Entity<MigrationPartyState>(e => e.HasKey(s => s.PartyId));
        modelBuilder.Entity<ConsentGrantRecord>(e =>
        {
            e.HasKey(g => g.GrantId);
            e.Property(g => g.GrantId).HasMaxLength(32);
            e.Property(g => g.PatientId).HasMaxLength(40);
            e.Property(g => g.GranteeKind).HasMaxLength(16);
            e.Property(g => g.GranteeId).HasMaxLength(40);
            e.Property(g => g.Purpose).HasMaxLength(16);
            e.HasIndex(g => g.PatientId);
            e.HasIndex(g => new { g.GranteeKind, g.GranteeId });
            e.HasMany(g => g.Uses).WithOne().HasForeignKey(u => u.GrantId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ConsentUseRecord>(e =>
        {
            e.Property(u => u.DoctorId).HasMaxLength(40);
            e.Property(u => u.DepartmentId).HasMaxLength(40);
            e.Property(u => u.Purpose).HasMaxLength(16);
            e.Property(u => u.HospitalId).HasMaxLength(40);
            e.Property(u => u.FailedCheck).HasMaxLength(80);
            e.HasIndex(u => u.DoctorId);
        });
        modelBuilder.Entity<ArchivedRecordRow>(e => e.HasKey(a => new { a.HospitalId, a.PatientId, a.DepartmentId }));
        modelBuilder.Entity<BreakGlassRecord>(e =>
        {
            e.Property(b => b.Review).HasConversion<string>().HasMaxLength(16);
            e.Property(b => b.Reason).HasMaxLength(32);
            e.Property(b => b.ReasonText).HasMaxLength(Domain.Messages.BreakGlassStatement.MaxReasonTextLength);
            e.Property(b => b.ReviewNote).HasMaxLength(BreakGlassService.MaxNoteLength);
            e.HasIndex(b => b.HospitalId);
            e.HasIndex(b => b.DoctorId);
            e.HasIndex(b => b.PatientId);
            e.HasMany(b => b.Events).WithOne().HasForeignKey(x => x.AccessId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<BreakGlassEventRecord>(e => e.HasIndex(x => new { x.AccessId, x.Sequence }).IsUnique());
        // Sign-in lockout and sign-up limits, shared by every instance (docs/postgresql.md#several-instances).
        modelBuilder.Entity<SignInFailure>(e =>
        {
            e.HasKey(f => f.UserName);
            e.Property(f => f.UserName).HasMaxLength(AccountLockout.MaxKeyLength);
            e.HasIndex(f => f.LastTicks);
        });
        modelBuilder.Entity<SignUpSubmission>(e =>
        {
            e.Property(s => s.Address).HasMaxLength(64);
            e.HasIndex(s => s.AtTicks);
            e.HasIndex(s => s.Address);
        });
        modelBuilder.Entity<SignUpGate>(e =>
        {
            e.ToTable("SignUpGate");
            e.Property(g => g.Id).ValueGeneratedNever();
            // The one row exists from the start, so that taking it is a plain UPDATE.
            e.HasData(new SignUpGate { Id = 1, LastTicks = 0 });
        });

        // SQLite cannot order or compare DateTimeOffset; store UTC ticks.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(property.ClrType == typeof(DateTimeOffset)
                    ? new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter()
                    : null);
            }
        }
    }
}
