using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>
/// EHR migration driven by the portal over a real SQLite file: the honest run, a refusal, a restart after every step,
/// clean-up, object-level access and bad input. The demo world: alice's cardiology record is at north-general.
/// </summary>
public class MigrationServiceTests : IAsyncLifetime
{
    /// <summary>The database engine; <see cref="MigrationServiceOnPostgresTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual StorageProvider Provider => StorageProvider.Sqlite;

    private const string North = "north-general";
    private const string South = "south-university";
    private const string Cardiology = "cardiology";

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync(provider: Provider);

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_first_start_creates_the_TTPH_and_certifies_every_hospital()
    {
        await using var db = _portal.OpenDb();
        var secrets = await db.TtphSecrets.SingleAsync();
        Assert.Equal(MigrationHost.TtphId, secrets.TtphId);
        Assert.Equal([North, South], (await db.HospitalCertificates.ToListAsync()).Select(c => c.HospitalId).Order());
        Assert.Equal([North, South], _portal.MigrationNetwork.Network.Endpoints.Keys.Order());
        Assert.Empty((await _portal.AsCloud().MigrationQueries.UncertifiedHospitalsAsync()));

        await _portal.RestartAsync();
        Assert.Equal(secrets.SealedAuthorityKey, (await _portal.OpenDb().TtphSecrets.SingleAsync()).SealedAuthorityKey);
        Assert.Equal(2, await _portal.OpenDb().HospitalCertificates.CountAsync());
    }

    [Fact]
    public async Task An_honest_migration_moves_the_record_and_the_index_keeps_an_archive_and_survives_a_restart()
    {
        var (id, result) = await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South);

        Assert.True(result.Succeeded, result.Message);
        var migration = (await _portal.AsParty("alice").MigrationQueries.FindAsync(id))!;
        Assert.Equal((MigrationStatus.Completed, "Done"), (migration.Status, migration.NextStep));
        Assert.True(migration.HasReceipt);
        Assert.NotNull(migration.RecordDigest);
        Assert.StartsWith("TTPH-H", migration.ReceiptCertificate, StringComparison.Ordinal);
        var events = await _portal.AsParty("alice").MigrationQueries.EventsAsync(id);
        Assert.Equal(["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9"],
            events.OfType<MessageView>().Where(m => m.Phase == "Migration").Select(m => $"M{m.Step}"));
        Assert.All(events.OfType<VerificationView>(), c => Assert.True(c.Passed, c.Reason));
        var audit = await _portal.AsParty("alice").Queries.AuditForPatientAsync();
        Assert.All(new[] { "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "Index", "M9" }, hop => Assert.Contains(audit, a => a.Action == $"Migration {hop}"));

        await AssertMovedAsync();
        await _portal.RestartAsync();
        await AssertMovedAsync();

        // The source cannot start a second served copy, which would take the index entry back; the answer names no hospital.
        var duplicate = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty(North).Records.CreateRecordAsync("alice", Cardiology, "New record"));
        Assert.Equal(RecordService.NoAgreement, duplicate.Message);

        // A doctor's EMR search now reaches the destination, and the diagnosis is filed there.
        await CompleteVisitAsync(_portal, "alice", "dr-chen", Cardiology);
        Assert.Equal(2, _portal.Host.Hospitals[South].FindRecord("alice", Cardiology)!.Entries.Count);
    }

    [Fact]
    public async Task A_revoked_destination_certificate_stops_the_migration_at_the_TTPH_and_the_record_stays_at_the_source()
    {
        var serial = _portal.MigrationNetwork.Network.Endpoints[South].Certificate.Serial;
        await _portal.AsCloud().Migrations.RevokeAsync(serial, "private key exposed");

        var (id, result) = await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South);

        Assert.False(result.Succeeded);
        Assert.Contains("Cert_D legal", result.Message, StringComparison.Ordinal);
        Assert.Contains("still served by north-general", result.Message, StringComparison.Ordinal);
        var migration = (await _portal.AsCloud().MigrationQueries.FindAsync(id))!;
        Assert.Equal((MigrationStatus.Failed, "Cert_D legal"), (migration.Status, migration.FailedCheck));
        await AssertStillAtSourceAsync();
        Assert.True((await _portal.AsCloud().MigrationQueries.DestinationsAsync()).Single(d => d.HospitalId == South).Revoked);
        Assert.Equal([South], (await _portal.AsCloud().MigrationQueries.UncertifiedHospitalsAsync()));

        // A new Cert_H brings the hospital back.
        await _portal.AsCloud().Migrations.CertifyAsync(South);
        Assert.True((await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South)).Result.Succeeded);
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
        var (id, _) = await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South, stopBefore);

        await _portal.RestartAsync();

        var migration = (await _portal.AsParty("alice").MigrationQueries.FindAsync(id))!;
        if (stopBefore <= MigrationHop.M7)
        {
            Assert.Equal(MigrationStatus.Interrupted, migration.Status);
            Assert.Contains("still served by north-general", migration.Outcome, StringComparison.Ordinal);
            await AssertStillAtSourceAsync();
            Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[North].Reservations);
            // A fresh migration succeeds at once.
            Assert.True((await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South)).Result.Succeeded);
        }
        else
        {
            Assert.Equal((MigrationStatus.Completed, "M9"), (migration.Status, migration.NextStep));
            Assert.Contains("after a restart", migration.Outcome, StringComparison.Ordinal);
            Assert.True(migration.HasReceipt);
        }
        await AssertMovedAsync();
        var sequences = (await _portal.AsCloud().MigrationQueries.EventsAsync(id)).Select(e => e.Sequence).ToList();
        Assert.Equal(sequences.Distinct().Order(), sequences);
    }

    [Fact]
    public async Task Clean_up_drops_the_staged_copy_of_an_interrupted_migration_once_its_proof_expired()
    {
        await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South, MigrationHop.M7);
        await _portal.RestartAsync(TimeSpan.FromSeconds(5));

        // The staged copy and the proof states survived the restart (sealed in storage) and are not yet expired.
        Assert.Single(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        Assert.Equal(0, (await _portal.AsCloud().Migrations.CleanUpAsync()).Total);

        _portal.Clock.Advance(TimeSpan.FromMinutes(11));
        var cleanup = await _portal.AsCloud().Migrations.CleanUpAsync();

        Assert.Equal(1, cleanup.StagedTransfers);
        Assert.Equal(1, cleanup.Proofs); // the destination's; recovery already released the source's reservation
        Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        Assert.Contains(await _portal.AsCloud().Queries.AuditAsync(), a => a.Action == "Migration clean-up");
        await _portal.RestartAsync();
        Assert.Empty(_portal.MigrationNetwork.Network.Endpoints[South].StagedRecords);
        await AssertStillAtSourceAsync();
    }

    [Fact]
    public async Task Patients_move_only_their_own_records_and_admins_see_only_their_hospitals_migrations()
    {
        await SubmitAndApproveHospitalAsync("east-clinic", "neurology");
        await _portal.AsCloud().Migrations.CertifyAsync("east-clinic");
        var (alices, _) = await _portal.AsParty("alice").Migrations.StartAsync(North, Cardiology, South);
        var (bobs, bobResult) = await _portal.AsParty("bob").Migrations.StartAsync(North, "neurology", "east-clinic");
        Assert.True(bobResult.Succeeded, bobResult.Message);

        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("bob").Migrations.StartAsync(South, Cardiology, North));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").MigrationQueries.FindAsync(alices));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").MigrationQueries.EventsAsync(alices));
        Assert.Equal([bobs], (await _portal.AsParty("bob").MigrationQueries.MigrationsAsync()).Select(m => m.Id));

        Assert.Equal([alices], (await _portal.AsParty(South).MigrationQueries.MigrationsAsync()).Select(m => m.Id));
        Assert.Equal([bobs], (await (await _portal.AsNewAccountAsync(Roles.HospitalAdmin, "east-clinic")).MigrationQueries.MigrationsAsync()).Select(m => m.Id));
        Assert.Equal(2, (await _portal.AsParty(North).MigrationQueries.MigrationsAsync()).Count);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty(South).MigrationQueries.FindAsync(bobs));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-chen").MigrationQueries.MigrationsAsync());

        // The cloud administrators see every migration, without the identities the receivers recovered.
        Assert.Equal(2, (await _portal.AsCloud().MigrationQueries.MigrationsAsync()).Count);
        var recovered = (await _portal.AsCloud().MigrationQueries.EventsAsync(alices)).OfType<MessageView>().SelectMany(m => m.Recovered);
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

        var session = patient == "mallory" ? await _portal.AsNewAccountAsync(Roles.Patient, patient) : _portal.AsParty(patient);
        await Assert.ThrowsAsync<PortalValidationException>(() => session.Migrations.StartAsync(source, department, destination));

        await using var after = _portal.OpenDb();
        Assert.Equal(0, await after.Migrations.CountAsync());
        Assert.Equal((audit, states), (await after.AuditEntries.CountAsync(), await after.MigrationPartyStates.CountAsync()));
        await AssertStillAtSourceAsync();
    }

    [Fact]
    public async Task Revocation_needs_a_reason_and_happens_once_and_a_valid_hospital_is_not_certified_twice()
    {
        var serial = _portal.MigrationNetwork.Network.Endpoints[North].Certificate.Serial;
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Migrations.RevokeAsync(serial, "  "));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Migrations.CertifyAsync(North));
        await _portal.AsCloud().Migrations.RevokeAsync(serial, "hospital closed");
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Migrations.RevokeAsync(serial, "again"));

        await _portal.RestartAsync();
        var stored = (await _portal.AsCloud().MigrationQueries.HospitalCertificatesAsync()).Single(c => c.Serial == serial);
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
            registration = await _portal.AsCloud().Registrations.SubmitHospitalAsync(db, id, "East Clinic", [(department, "Neurology")]);
            await db.SaveChangesAsync();
        }
        Assert.True((await _portal.AsCloud().Registrations.ApproveAsync(registration.Id)).Approved);
    }
}

public sealed class MigrationServiceOnPostgresTests : MigrationServiceTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
