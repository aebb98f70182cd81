using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>
/// The same model on PostgreSQL, plus what several portal instances share through the database (docs/postgresql.md,
/// "Several instances"): the Data Protection key ring, the deployment's and each patient's change counters, and the
/// parties' replay digests. It exists also so that EF Core keeps a second set of migrations and a second model
/// snapshot (in <c>Migrations/Postgres</c>): migrations are bound to a context type, and SQLite's column types and
/// raw SQL do not run on PostgreSQL. Services never see this type; they ask for
/// <see cref="IDbContextFactory{EmrAuthDbContext}"/>, which <see cref="PortalStorage"/> answers with instances of it.
/// </summary>
public sealed class PostgresEmrAuthDbContext(DbContextOptions<PostgresEmrAuthDbContext> options) : EmrAuthDbContext(options), IDataProtectionKeyContext
{
    /// <summary>The key ring every instance reads and writes (Data Protection's own entity).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<DeploymentVersion> DeploymentVersions => Set<DeploymentVersion>();

    public DbSet<PatientVersion> PatientVersions => Set<PatientVersion>();

    public DbSet<ReplayDigest> ReplayDigests => Set<ReplayDigest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DeploymentVersion>(e =>
        {
            e.ToTable("DeploymentState");
            e.Property(d => d.Id).ValueGeneratedNever();
            // The one row exists from the start, so that bumping it is a plain UPDATE.
            e.HasData(new DeploymentVersion { Id = 1, Version = 0 });
        });
        modelBuilder.Entity<PatientVersion>(e =>
        {
            e.HasKey(p => p.PatientId);
            e.Property(p => p.PatientId).HasMaxLength(40);
        });
        modelBuilder.Entity<ReplayDigest>(e =>
        {
            e.HasKey(r => new { r.Party, r.Digest });
            e.Property(r => r.Party).HasMaxLength(64);
            e.HasIndex(r => r.ExpiresTicks);
        });
    }

    /// <summary>Hands out PostgreSQL contexts to everything that asks for the portal's context factory.</summary>
    internal sealed class Factory(IDbContextFactory<PostgresEmrAuthDbContext> inner) : IDbContextFactory<EmrAuthDbContext>
    {
        public EmrAuthDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Bumped by every change to the parties or what they share (exclusive work), before the change.</summary>
public sealed class DeploymentVersion
{
    public int Id { get; set; }

    public long Version { get; set; }
}

/// <summary>Bumped by every visit step of the patient (it may rewrite the index record and append to a record), before the step.</summary>
public sealed class PatientVersion
{
    public required string PatientId { get; set; }

    public long Version { get; set; }
}

/// <summary>A message digest a party accepted, until its timestamp leaves ΔT (the domain's replay cache, shared).</summary>
public sealed class ReplayDigest
{
    /// <summary>The receiving party, "Role:Id".</summary>
    public required string Party { get; set; }

    public required byte[] Digest { get; set; }

    /// <summary>UTC ticks: compared in SQL, no time-zone conversion on the way.</summary>
    public long ExpiresTicks { get; set; }
}
