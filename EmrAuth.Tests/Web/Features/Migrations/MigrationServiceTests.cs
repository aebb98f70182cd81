using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>
/// EHR migration driven by the portal over a real SQLite file: the honest run, a refusal, a restart after every step,
/// clean-up, object-level access and bad input. The demo world: alice's cardiology record is at north-general.
/// </summary>
public sealed class MigrationServiceTests : IAsyncLifetime
{
    private const string North = "north-general";
    private const string South = "south-university";
    private const string Cardiology = "cardiology";

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_first_start_creates_the_TTPH_and_certifies_every_hospital()
    {
        await using var db = _portal.OpenDb();
        var secrets = await db.TtphSecrets.SingleAsync();
        Assert.Equal(MigrationHost.TtphId, secrets.TtphId);
        Assert.Equal([North, South], (await db.HospitalCertificates.ToListAsync()).Select(c => c.HospitalId).Order());
        Assert.Equal([North, South], _portal.MigrationNetwork.Network.Endpoints.Keys.Order());
        Assert.Empty(_portal.MigrationQueries.UncertifiedHospitals());

        await _portal.RestartAsync();
        Assert.Equal(secrets.SealedAuthorityKey, (await _portal.OpenDb().TtphSecrets.SingleAsync()).SealedAuthorityKey);
        Assert.Equal(2, await _portal.OpenDb().HospitalCertificates.CountAsync());
    }

    [Fact]
    public async Task An_honest_migration_moves_the_record_and_the_index_keeps_an_archive_and_survives_a_restart()
    {
        var (id, result) = await _portal.Migrations.StartAsync("alice", North, Cardiology, South);

        Assert.True(result.Succeeded, result.Message);
        var migration = (await _portal.MigrationQueries.FindAsync(id, PatientViewer("alice")))!;
        Assert.Equal((MigrationStatus.Completed, "Done"), (migration.Status, migration.NextStep));
        Assert.True(migration.HasReceipt);
        Assert.NotNull(migration.RecordDigest);
        Assert.StartsWith("TTPH-H", migration.ReceiptCertificate, StringComparison.Ordinal);
        var events = await _portal.MigrationQueries.EventsAsync(id, PatientViewer("alice"));
        Assert.Equal(["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9"],
            events.OfType<MessageView>().Where(m => m.Phase == "Migration").Select(m => $"M{m.Step}"));
        Assert.All(events.OfType<VerificationView>(), c => Assert.True(c.Passed, c.Reason));
        var audit = await _portal.Queries.AuditForPatientAsync("alice");
        Assert.All(new[] { "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "Index", "M9" }, hop => Assert.Contains(audit, a => a.Action == $"Migration {hop}"));

        await AssertMovedAsync();
        await _portal.RestartAsync();
        await AssertMovedAsync();

        // The source cannot start a second served copy, which would take the index entry back.
        var duplicate = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Records.CreateRecordAsync(North, "alice", Cardiology, "New record", "admin.north"));
        Assert.Contains("south-university holds", duplicate.Message, StringComparison.Ordinal);

        // A doctor's EMR search now reaches the destination, and the diagnosis is filed there.
        await CompleteVisitAsync(_portal, "alice", "dr-chen", Cardiology);
        Assert.Equal(2, _portal.Host.Hospitals[South].FindRecord("alice", Cardiology)!.Entries.Count);
    }

    [Fact]
    public async Task A_revoked_destination_certificate_stops_the_migration_at_the_TTPH_and_the_record_stays_at_the_source()
    {
        var serial = _portal.MigrationNetwork.Network.Endpoints[South].Certificate.Serial;
        await _portal.Migrations.RevokeAsync(serial, "private key exposed", "cloud.admin");

        var (id, result) = await _portal.Migrations.StartAsync("alice", North, Cardiology, South);

        Assert.False(result.Succeeded);
        Assert.Contains("Cert_D legal", result.Message, StringComparison.Ordinal);
        Assert.Contains("still served by north-general", result.Message, StringComparison.Ordinal);
        var migration = (await _portal.MigrationQueries.FindAsync(id, CloudViewer))!;
        Assert.Equal((MigrationStatus.Failed, "Cert_D legal"), (migration.Status, migration.FailedCheck));
        await AssertStillAtSourceAsync();
        Assert.True((await _portal.MigrationQueries.DestinationsAsync()).Single(d => d.HospitalId == South).Revoked);
        Assert.Equal([South], _portal.MigrationQueries.UncertifiedHospitals());

        // A new Cert_H brings the hospital back.
        await _portal.Migrations.CertifyAsync(South, "cloud.admin");
        Assert.True((await _portal.Migrations.StartAsync("alice", North, Cardiology, South)).Result.Succeeded);
    }

    [Theory]
    [InlineData(MigrationHop.M1)]
    [InlineData(MigrationHop.M2)]
    [InlineData(MigrationHop.M3)]
    [InlineData(MigrationHop.M4)]
    [InlineData(MigrationHop.M5)]
    [InlineData(MigrationHop.M6)]
    [InlineData(MigrationHop.M7)]
    [InlineData(MigrationHop.M8)]
    [InlineData(MigrationHop.Index)]
    [InlineData(MigrationHop.M9)]
    public async Task A_process_stopped_before_any_step_restarts_to_consistent_data(MigrationHop stopBefore)
    {
        var (id, _) = await _portal.Migrations.StartAsync("alice", North, Cardiology, South, stopBefore);

        await _portal.RestartAsync();

        var migration = (await _portal.MigrationQueries.FindAsync(id, PatientViewer("alice")))!;
        if (stopBefore <= MigrationHop.M7)
        {
            Assert.Equal(MigrationStatus.Interrupted, migration.Status);
            Assert.Contains("still served by north-general", migration.Outcome, StringComparison.Ordinal);
            await AssertStillAtSourceAsync();
            Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[North].Reservations);
            // A fresh migration succeeds at once.
            Assert.True((await _portal.Migrations.StartAsync("alice", North, Cardiology, South)).Result.Succeeded);
        }
        else
        {
            Assert.Equal((MigrationStatus.Completed, "M9"), (migration.Status, migration.NextStep));
            Assert.Contains("after a restart", migration.Outcome, StringComparison.Ordinal);
            Assert.True(migration.HasReceipt);
        }
        await AssertMovedAsync();
        var sequences = (await _portal.MigrationQueries.EventsAsync(id, CloudViewer)).Select(e => e.Sequence).ToList();
        Assert.Equal(sequences.Distinct().Order(), sequences);
    }

    [Fact]
    public async Task Clean_up_drops_the_staged_copy_of_an_interrupted_migration_once_its_proof_expired()
    {
        await _portal.Migrations.StartAsync("alice", North, Cardiology, South, MigrationHop.M7);
        await _portal.RestartAsync(TimeSpan.FromSeconds(5));

        // The staged copy and the proof states survived the restart (sealed in storage) and are not yet expired.
        Assert.Single(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        Assert.Equal(0, (await _portal.Migrations.CleanUpAsync()).Total);

        _portal.Clock.Advance(TimeSpan.FromMinutes(11));
        var cleanup = await _portal.Migrations.CleanUpAsync();

        Assert.Equal(1, cleanup.StagedTransfers);
        Assert.Equal(1, cleanup.Proofs); // the destination's; recovery already released the source's reservation
        Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        Assert.Contains(await _portal.Queries.AuditAsync(), a => a.Action == "Migration clean-up");
        await _portal.RestartAsync();
        Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        await AssertStillAtSourceAsync();
    }

    [Fact]
    public async Task Patients_move_only_their_own_records_and_admins_see_only_their_hospitals_migrations()
    {
        await SubmitAndApproveHospitalAsync("east-clinic", "neurology");
        await _portal.Migrations.CertifyAsync("east-clinic", "cloud.admin");
        var (alices, _) = await _portal.Migrations.StartAsync("alice", North, Cardiology, South);
        var (bobs, bobResult) = await _portal.Migrations.StartAsync("bob", North, "neurology", "east-clinic");
        Assert.True(bobResult.Succeeded, bobResult.Message);

        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Migrations.StartAsync("bob", South, Cardiology, North));
        Assert.Null(await _portal.MigrationQueries.FindAsync(alices, PatientViewer("bob")));
        Assert.Empty(await _portal.MigrationQueries.EventsAsync(alices, PatientViewer("bob")));
        Assert.Equal([bobs], (await _portal.MigrationQueries.MigrationsForAsync(PatientViewer("bob"))).Select(m => m.Id));

        Assert.Equal([alices], (await _portal.MigrationQueries.MigrationsForAsync(HospitalViewer(South))).Select(m => m.Id));
        Assert.Equal([bobs], (await _portal.MigrationQueries.MigrationsForAsync(HospitalViewer("east-clinic"))).Select(m => m.Id));
        Assert.Equal(2, (await _portal.MigrationQueries.MigrationsForAsync(HospitalViewer(North))).Count);
        Assert.Null(await _portal.MigrationQueries.FindAsync(bobs, HospitalViewer(South)));
        Assert.Empty(await _portal.MigrationQueries.MigrationsForAsync(DoctorViewer("dr-chen")));

        // The cloud administrators see every migration, without the identities the receivers recovered.
        Assert.Equal(2, (await _portal.MigrationQueries.MigrationsForAsync(CloudViewer)).Count);
        var recovered = (await _portal.MigrationQueries.EventsAsync(alices, CloudViewer)).OfType<MessageView>().SelectMany(m => m.Recovered);
        Assert.Contains(recovered, r => r.Name == "ID_P" && r.Value.StartsWith("hidden", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice", North, Cardiology, North)]
    [InlineData("alice", North, Cardiology, "nowhere")]
    [InlineData("alice", South, Cardiology, North)]
    [InlineData("alice", North, "neurology", South)]
    [InlineData("bob", North, "neurology", South)]
    [InlineData("alice", "../etc", Cardiology, South)]
    [InlineData("mallory", North, Cardiology, South)]
    public async Task Bad_input_is_refused_and_stores_nothing(string patient, string source, string department, string destination)
    {
        await using var before = _portal.OpenDb();
        var audit = await before.AuditEntries.CountAsync();
        var states = await before.MigrationPartyStates.CountAsync();

        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Migrations.StartAsync(patient, source, department, destination));

        await using var after = _portal.OpenDb();
        Assert.Equal(0, await after.Migrations.CountAsync());
        Assert.Equal((audit, states), (await after.AuditEntries.CountAsync(), await after.MigrationPartyStates.CountAsync()));
        await AssertStillAtSourceAsync();
    }

    [Fact]
    public async Task Revocation_needs_a_reason_and_happens_once_and_a_valid_hospital_is_not_certified_twice()
    {
        var serial = _portal.MigrationNetwork.Network.Endpoints[North].Certificate.Serial;
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Migrations.RevokeAsync(serial, "  ", "cloud.admin"));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Migrations.CertifyAsync(North, "cloud.admin"));
        await _portal.Migrations.RevokeAsync(serial, "hospital closed", "cloud.admin");
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Migrations.RevokeAsync(serial, "again", "cloud.admin"));

        await _portal.RestartAsync();
        var stored = (await _portal.MigrationQueries.HospitalCertificatesAsync()).Single(c => c.Serial == serial);
        Assert.Equal("hospital closed", stored.RevocationReason);
        Assert.NotNull(_portal.MigrationNetwork.Network.Ttph.Authority.RevocationList.Find(serial));
    }

    private async Task AssertMovedAsync()
    {
        var host = _portal.Host;
        Assert.Null(host.Hospitals[North].FindRecord("alice", Cardiology));
        Assert.Equal(South, host.Hospitals[North].FindArchivedRecord("alice", Cardiology)!.MigratedTo);
        Assert.Equal(AliceRecord, host.Hospitals[South].FindRecord("alice", Cardiology)!.Entries[0].Text);
        Assert.Equal(South, host.Cloud.Index.FindHospital(EmrIndex.KeyOf("alice", Cardiology)));
        Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        await using var db = _portal.OpenDb();
        Assert.Equal([South], await db.EmrEntries.Where(e => e.PatientId == "alice" && e.DepartmentId == Cardiology).Select(e => e.HospitalId).Distinct().ToListAsync());
        Assert.Equal(South, (await db.ArchivedRecords.SingleAsync(a => a.HospitalId == North && a.PatientId == "alice")).MigratedTo);
    }

    private async Task AssertStillAtSourceAsync()
    {
        var host = _portal.Host;
        Assert.Equal(AliceRecord, host.Hospitals[North].FindRecord("alice", Cardiology)!.Entries[0].Text);
        Assert.Null(host.Hospitals[North].FindArchivedRecord("alice", Cardiology));
        Assert.Null(host.Hospitals[South].FindRecord("alice", Cardiology));
        Assert.Equal(North, host.Cloud.Index.FindHospital(EmrIndex.KeyOf("alice", Cardiology)));
        await using var db = _portal.OpenDb();
        Assert.Equal([North], await db.EmrEntries.Where(e => e.PatientId == "alice" && e.DepartmentId == Cardiology).Select(e => e.HospitalId).Distinct().ToListAsync());
        Assert.False(await db.ArchivedRecords.AnyAsync());
    }

    private async Task SubmitAndApproveHospitalAsync(string id, string department)
    {
        PartyRegistration registration;
        await using (var db = _portal.OpenDb())
        {
            registration = await _portal.Registrations.SubmitHospitalAsync(db, id, "East Clinic", [(department, "Neurology")]);
            await db.SaveChangesAsync();
        }
        Assert.True((await _portal.Registrations.ApproveAsync(registration.Id, "cloud.admin")).Approved);
    }
}
