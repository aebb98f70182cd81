using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Infrastructure.Persistence.UpgradeFixtureV1;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure.Persistence;

/// <summary>
/// A data folder the previous version wrote (TestData/upgrade-v1: .NET 9, EF Core 9, its three migrations applied;
/// MANIFEST.md lists every row) opens under this version with all its data: the real portal starts over a copy of it,
/// applies whatever migrations are new, still opens what the old key ring sealed, and its audit chain still verifies.
/// </summary>
/// <remarks>
/// Reads go through a DbContext where a read is enough; the few calls into the services are in the last region.
/// </remarks>
public sealed class UpgradeTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartOverCopyAsync(Folder, new ManualClock(ReopenedAt));

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_migration_history_keeps_the_old_rows_and_the_schema_equals_a_new_database()
    {
        var history = SqliteSchema.ReadHistory(_portal.ConnectionString);
        await using var db = _portal.OpenDb();
        var all = db.Database.GetMigrations().ToList();

        Assert.Equal(OldMigrations, history.Take(OldMigrations.Length).Select(h => h.Id));
        Assert.All(history.Take(OldMigrations.Length), h => Assert.Equal(OldProductVersion, h.Version));
        Assert.Equal(all, history.Select(h => h.Id));
        Assert.All(history.Skip(OldMigrations.Length), h => Assert.StartsWith("10.", h.Version, StringComparison.Ordinal));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());

        var fresh = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_portal.Folder, "fresh.db"), Pooling = false }.ToString();
        using (var freshDb = new DesignTimeDbContextFactory().CreateDbContext([fresh]))
        {
            freshDb.Database.Migrate();
        }
        var differences = SqliteSchema.Differences(SqliteSchema.Read(fresh), SqliteSchema.Read(_portal.ConnectionString), "new database", "upgraded");
        Assert.True(differences.Length == 0, "The upgraded schema differs from a new database's:" + Environment.NewLine + differences);
    }

    [Fact]
    public async Task Accounts_sign_ups_and_certificates_survive()
    {
        await using var db = _portal.OpenDb();

        Assert.Equal(Accounts, (await db.Accounts.OrderBy(a => a.Id).ToListAsync()).Select(a => (a.UserName, a.Role, a.PartyId)));
        foreach (var (userName, _, _) in Accounts.Where(a => SignUps.All(s => s.UserName != a.UserName)))
        {
            Assert.True(await PasswordVerifiesAsync(userName, DemoSeeder.DemoPassword), userName);
        }
        foreach (var (userName, password) in SignUps)
        {
            Assert.True(await PasswordVerifiesAsync(userName, password), userName);
        }
        Assert.False(await PasswordVerifiesAsync("alice", "erin-password-1"));

        var registrations = await db.Registrations.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 12), registrations.Select(r => r.Id));
        Assert.Equal(FrankRegistration, Assert.Single(registrations, r => r.Status != RegistrationStatus.Approved).Id);
        Assert.Equal(RegistrationStatus.Pending, registrations[FrankRegistration - 1].Status);
        Assert.Equal(
            [("dr-chen", "MA-000001"), ("dr-huang", "MA-000002"), ("dr-deng", "MA-000003"), ("dr-ng", "MA-000004")],
            registrations.Where(r => r.CertificateSerial is not null).Select(r => (r.PartyId, r.CertificateSerial!)));

        var certificates = await db.Certificates.OrderBy(c => c.Serial).ToListAsync();
        Assert.Equal(["MA-000001", "MA-000002", "MA-000003", "MA-000004"], certificates.Select(c => c.Serial));
        var revoked = Assert.Single(certificates, c => c.RevokedAt is not null);
        Assert.Equal(("MA-000004", "Licence suspended", new DateTimeOffset(2026, 11, 29, 9, 24, 0, TimeSpan.Zero)), (revoked.Serial, revoked.RevocationReason, revoked.RevokedAt!.Value));
        var hospitalCertificates = await db.HospitalCertificates.OrderBy(c => c.Serial).ToListAsync();
        Assert.Equal([("TTPH-H000001", North, false), ("TTPH-H000002", South, true), ("TTPH-H000003", South, false)],
            hospitalCertificates.Select(c => (c.Serial, c.HospitalId, c.RevokedAt is not null)));
        Assert.Equal(4, await db.Departments.CountAsync());

        // The parties were rebuilt from what the old version sealed.
        Assert.True(_portal.Host.Patients.ContainsKey("erin"));
        Assert.False(_portal.Host.Patients.ContainsKey("frank"));
        Assert.DoesNotContain(await _portal.As("cloud.admin").Registry.DoctorsAsync(), d => d.Id == "dr-ng");
    }

    [Fact]
    public async Task Visits_and_their_sealed_transcripts_survive()
    {
        await using var db = _portal.OpenDb();

        var visits = await db.Visits.AsNoTracking().Include(v => v.Events).OrderBy(v => v.StartedAt).ToListAsync();
        // The visit left Requested lost its session keys with the old process: the start marks it interrupted.
        Assert.Equal(
            Visits.Select(v => (v.Id, v.Patient, v.Doctor, v.Profile, v.Id == VisitF ? VisitStatus.Interrupted : v.Status, v.Hospital, v.Events)),
            visits.Select(v => (v.Id, v.PatientId, v.DoctorId, v.Profile, v.Status, v.HospitalId, v.Events.Count)));
        Assert.All(visits.Where(v => v.Status == VisitStatus.Diagnosed), v => Assert.NotNull(v.SealedDiagnosis));

        var transcriptA = visits[0].Events.OrderBy(e => e.Sequence).Select(e => _portal.Sealer.UnsealEvent(e.SealedPayload)).ToList();
        var recovered = transcriptA.OfType<MessageView>().SelectMany(m => m.Recovered).Last(r => r.Name == "M_EMR");
        Assert.Equal($"2026-11-29 09:00 {North}: {AliceRecord}", recovered.Value);
        Assert.All(visits.SelectMany(v => v.Events), e => Assert.NotNull(_portal.Sealer.UnsealEvent(e.SealedPayload)));
    }

    [Fact]
    public async Task Records_index_and_migrations_survive()
    {
        await using var db = _portal.OpenDb();

        var entries = await db.EmrEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(EmrEntryIds, entries.Select(e => e.Id));
        Assert.Equal(Records, entries.GroupBy(e => (e.HospitalId, e.PatientId, e.DepartmentId))
            .OrderBy(g => g.Key.HospitalId, StringComparer.Ordinal).ThenBy(g => g.Key.PatientId, StringComparer.Ordinal).ThenBy(g => g.Key.DepartmentId, StringComparer.Ordinal)
            .Select(g => (g.Key.HospitalId, g.Key.PatientId, g.Key.DepartmentId, g.Count())));
        Assert.Equal(AliceRecord, _portal.Sealer.UnsealRecordText(South, entries.Single(e => e.Id == 11).SealedText));
        Assert.All(entries, e => Assert.NotEmpty(_portal.Sealer.UnsealRecordText(e.HospitalId, e.SealedText)));
        Assert.Equal(AliceRecord, _portal.Host.Hospitals[South].FindRecord("alice", "cardiology")!.Entries[0].Text);
        Assert.Null(_portal.Host.Hospitals[North].FindRecord("alice", "cardiology"));

        var archived = Assert.Single(await db.ArchivedRecords.ToListAsync());
        Assert.Equal((North, "alice", "cardiology", South), (archived.HospitalId, archived.PatientId, archived.DepartmentId, archived.MigratedTo));
        Assert.NotEmpty(_portal.Sealer.UnsealRecord(North, archived.SealedRecord));
        Assert.Equal(6, await db.IndexRecords.CountAsync());

        var migrations = await db.Migrations.AsNoTracking().Include(m => m.Events).OrderBy(m => m.StartedAt).ToListAsync();
        (Guid, MigrationStatus, string, string?, string?, int)[] expected =
            [(FailedMigration, MigrationStatus.Failed, "M1", "Cert_D legal", null, 11), (CompletedMigration, MigrationStatus.Completed, "Done", null, "TTPH-H000003", 91)];
        Assert.Equal(
            expected,
            migrations.Select(m => (m.Id, m.Status, m.NextStep, m.FailedCheck, m.ReceiptCertificate, m.Events.Count)));
        var completed = migrations[1];
        Assert.Equal(CompletedMigrationDigest, Convert.ToHexString(completed.RecordDigest!));
        Assert.NotNull(completed.ReceiptSignature);
        Assert.All(migrations.SelectMany(m => m.Events), e => Assert.NotNull(_portal.Sealer.UnsealEvent(e.SealedPayload)));
    }

    [Fact]
    public async Task The_audit_chain_verifies_after_the_upgrade()
    {
        await using (var db = _portal.OpenDb())
        {
            var started = await db.AuditEntries.Where(a => a.Sequence > StoredAuditEntries).OrderBy(a => a.Sequence).ToListAsync();
            Assert.Equal([(72L, "portal", "Visit interrupted"), (73L, "TTPH", "Migration clean-up")], started.Select(a => (a.Sequence, a.Actor, a.Action)));
            Assert.Contains(VisitF.ToString(), started[0].Subject, StringComparison.OrdinalIgnoreCase);
        }

        var report = await VerifyAuditAsync();

        Assert.True(report.Intact, report.Summary);
        Assert.Equal((StoredAuditEntries + 2L, StoredAuditEntries + 2L), (report.Rows, report.Anchor!.Sequence));
    }

    [Fact]
    public async Task New_actions_work_on_the_upgraded_data_and_keep_the_chain_intact()
    {
        var visit = await CompleteVisitAsync(_portal, "alice", "dr-chen", "cardiology");
        await ApproveAsync(FrankRegistration);

        var status = await StatusAsync(_portal, visit);
        Assert.Equal((VisitStatus.Diagnosed, South), (status.Status, status.HospitalId));
        Assert.True(_portal.Host.Patients.ContainsKey("frank"));
        await using (var db = _portal.OpenDb())
        {
            Assert.Equal(RegistrationStatus.Approved, (await db.Registrations.SingleAsync(r => r.Id == FrankRegistration)).Status);
            Assert.Equal(5, await db.EmrEntries.CountAsync(e => e.HospitalId == South && e.PatientId == "alice" && e.DepartmentId == "cardiology"));
        }
        var report = await VerifyAuditAsync();
        Assert.True(report.Intact, report.Summary);
        Assert.True(report.Rows > StoredAuditEntries + 2, report.Summary);
    }

    // The calls into the services: the rest of this class reads the database.

    private async Task<bool> PasswordVerifiesAsync(string userName, string password)
    {
        await using var db = _portal.OpenDb();
        return await _portal.Accounts.VerifyAsync(db, userName, password) is not null;
    }

    private Task<AuditReport> VerifyAuditAsync() => _portal.As("cloud.admin").Audit.VerifyAsync();

    private async Task ApproveAsync(int registrationId)
    {
        var outcome = await _portal.As("cloud.admin").Registrations.ApproveAsync(registrationId);
        Assert.True(outcome.Approved, outcome.Message);
    }
}
