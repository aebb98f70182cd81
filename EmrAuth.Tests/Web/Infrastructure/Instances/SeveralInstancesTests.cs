using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure.Instances;

/// <summary>
/// Two portal instances on one PostgreSQL database (docs/postgresql.md#several-instances): two service graphs in this
/// process, each with its own parties in memory, sharing the database, the key ring and the anchor's folder. What
/// one does, the other must see before its next protocol work, and must not accept twice.
/// </summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private PortalHarness _a = null!;
    private PortalHarness _b = null!;

    public async Task InitializeAsync()
    {
        _a = await PortalHarness.StartAsync(provider: StorageProvider.Postgres);
        _b = await _a.StartAnotherInstanceAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task What_one_instance_seals_the_other_unseals_through_the_shared_key_ring()
    {
        var sealedOnA = _a.Sealer.SealTranscript("sealed on A");

        Assert.Equal("sealed on A", _b.Sealer.UnsealTranscript(sealedOnA));
        await using var db = _a.OpenDb();
        Assert.NotEmpty(await ((PostgresEmrAuthDbContext)db).DataProtectionKeys.ToListAsync());
        Assert.False(Directory.Exists(_a.KeysPath));
    }

    [Fact]
    public async Task A_patient_approved_on_A_starts_a_visit_on_B()
    {
        await _a.Anonymous().SignUp.SignUpAsync(new SignUpForm
        {
            Kind = "Patient", UserName = "erin", Password = "erin-password-1", DisplayName = "Erin Walsh", PartyId = "erin",
            BiometricSecret = "erin-left-thumb-minutiae-0042",
        });
        var registration = (await _a.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin"))!;
        Assert.True((await _a.AsCloud().Registrations.ApproveAsync(registration.Id)).Approved);
        Assert.False(_b.Host.Patients.ContainsKey("erin"));

        var (_, started) = await _b.As("erin").Visits.StartAsync("dr-chen");

        AssertSucceeded(started);
        Assert.True(_b.Host.Patients.ContainsKey("erin"));
    }

    [Fact]
    public async Task A_revocation_on_A_is_in_force_on_B_for_the_protocol_and_the_pages()
    {
        var serial = (await _a.AsCloud().Registry.DoctorsAsync()).Single(d => d.Id == "dr-huang").CertificateSerial;

        await _a.AsCloud().Registrations.RevokeCertificateAsync(serial, "licence suspended");
        // B's shared work catches up before it runs; the pages' own reads follow the NOTIFY as well.
        var (_, other) = await _b.AsParty("bob").Visits.StartAsync("dr-chen");

        AssertSucceeded(other);
        Assert.NotNull(_b.Host.Authority.RevocationList.Find(serial));
        Assert.DoesNotContain(await _b.AsParty("bob").Registry.DoctorsAsync(), d => d.Id == "dr-huang");
        var (visitId, _) = await _b.AsParty("bob").Visits.StartAsync("dr-huang");
        await Assert.ThrowsAsync<AccessDeniedException>(() => _b.AsParty("dr-huang").Visits.AcceptAsync(visitId));
    }

    [Fact]
    public void A_message_accepted_on_A_is_refused_on_B_at_the_same_check_with_the_same_reason()
    {
        var alice = _a.Host.Patients["alice"];
        var request = alice.BeginConsultation("dr-chen", NullEventSink.Instance).Request;
        _a.Host.Doctors["dr-chen"].ReceiveConsultationRequest(request, alice.Ref, NullEventSink.Instance);

        var onB = Assert.Throws<ProtocolViolationException>(() => _b.Host.Doctors["dr-chen"].ReceiveConsultationRequest(request, alice.Ref, NullEventSink.Instance));
        var onA = Assert.Throws<ProtocolViolationException>(() => _a.Host.Doctors["dr-chen"].ReceiveConsultationRequest(request, alice.Ref, NullEventSink.Instance));

        Assert.Equal("Replay cache", onB.FailedCheck.Check);
        Assert.Equal((onA.FailedCheck.Check, onA.FailedCheck.Reason), (onB.FailedCheck.Check, onB.FailedCheck.Reason));
    }

    [Fact]
    public async Task The_shared_replay_store_refuses_a_live_digest_once_and_takes_over_an_expired_one()
    {
        await using var store = new PostgresReplayStore(_a.ConnectionString);
        var digest = System.Security.Cryptography.SHA256.HashData("a message"u8);
        var now = _a.Clock.GetUtcNow();

        var remembered = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryRemember("Doctor:dr-chen", digest, now.AddSeconds(30), now))));

        Assert.Equal(1, remembered.Count(r => r));
        Assert.True(store.Contains("Doctor:dr-chen", digest, now));
        Assert.False(store.Contains("Doctor:dr-lin", digest, now));
        Assert.True(store.TryRemember("Doctor:dr-lin", digest, now.AddSeconds(30), now));
        Assert.False(store.Contains("Doctor:dr-chen", digest, now.AddSeconds(31)));
        Assert.True(store.TryRemember("Doctor:dr-chen", digest, now.AddSeconds(61), now.AddSeconds(31)));
        Assert.False(store.TryRemember("Doctor:dr-chen", digest, now.AddSeconds(61), now.AddSeconds(32)));
    }

    [Fact]
    public async Task Searches_for_one_patient_on_A_then_on_B_both_find_the_record_the_other_rewrote()
    {
        // Each search rewrites the index record h(ID_P || ID_DE) (Eq. 30) and files a diagnosis: B must read A's.
        await CompleteVisitAsync(_a, diagnosis: "filed on A");
        await CompleteVisitAsync(_b, diagnosis: "filed on B");
        await CompleteVisitAsync(_a, diagnosis: "filed on A again");

        var record = _a.Host.Hospitals["north-general"].FindRecord("alice", "cardiology")!;
        Assert.Equal(["filed on A", "filed on B", "filed on A again"], record.Entries.Select(e => e.Text).Where(t => t.StartsWith("filed", StringComparison.Ordinal)));
        await using var db = _a.OpenDb();
        var index = await db.IndexRecords.SingleAsync(i => i.KeyHex == Convert.ToHexString(EmrIndex.KeyOf("alice", "cardiology")));
        Assert.Equal(Convert.ToHexString(index.Masked), Convert.ToHexString(_a.Host.Cloud.Index.MaskedRecords.Single(r => r.Key == index.KeyHex).Value));
    }

    [Fact]
    public async Task Audit_writers_on_A_and_B_at_once_make_one_chain_without_a_fork()
    {
        const int each = 150;

        // Visits write audit rows too: one of alice on each instance at once (their steps also take her lock in turn).
        await Task.WhenAll(WriteAuditAsync(_a, "writer-a", each), WriteAuditAsync(_b, "writer-b", each), CompleteVisitAsync(_a), CompleteVisitAsync(_b),
            CompleteVisitAsync(_b, "bob", "dr-huang", "neurology"));

        var onA = await _a.AsCloud().Audit.VerifyAsync();
        var onB = await _b.AsCloud().Audit.VerifyAsync();
        Assert.True(onA.Intact, onA.Summary);
        Assert.True(onB.Intact, onB.Summary);
        await using var db = _a.OpenDb();
        var sequences = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(2 * each, await db.AuditEntries.CountAsync(e => e.Action == "Instance test"));
    }

    [Fact]
    public async Task Visits_of_every_patient_on_both_instances_at_once_all_file_their_diagnosis()
    {
        (string Patient, string Doctor, string Department, string Hospital)[] visits =
            [("alice", "dr-chen", "cardiology", "north-general"), ("bob", "dr-huang", "neurology", "north-general"),
             ("carol", "dr-chen", "cardiology", "south-university"), ("dan", "dr-deng", "oncology", "south-university")];
        const int rounds = 2;

        await Task.WhenAll(visits.SelectMany(v => new[] { _a, _b }.SelectMany((portal, instance) => Enumerable.Range(0, rounds).Select(round =>
            CompleteVisitAsync(portal, v.Patient, v.Doctor, v.Department, diagnosis: $"{v.Patient} {instance} {round}")))));

        await _b.Host.CatchUpAsync();
        foreach (var (patient, _, department, hospital) in visits)
        {
            foreach (var portal in new[] { _a, _b })
            {
                await portal.Host.RunVisitStepAsync(patient, () => Task.FromResult(true));
                var filed = portal.Host.Hospitals[hospital].FindRecord(patient, department)!.Entries.Count(e => e.Text.StartsWith(patient + " ", StringComparison.Ordinal));
                Assert.Equal(2 * rounds, filed);
            }
        }
        var report = await _a.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
    }

    [Fact]
    public async Task A_visit_running_on_A_continues_after_B_changed_the_deployment_and_A_reloaded()
    {
        var (patient, doctor) = (_a.AsParty("alice").Visits, _a.AsParty("dr-chen").Visits);
        var (visitId, started) = await patient.StartAsync("dr-chen", null, ["cardiology"]);
        AssertSucceeded(started);
        AssertSucceeded(await doctor.AcceptAsync(visitId));

        await _b.AsParty("north-general").Records.AddEntryAsync("bob", "neurology", "added on B while alice's visit runs on A");
        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await doctor.SearchRecordAsync(visitId, "cardiology"));
        AssertSucceeded(await doctor.DiagnoseAsync(visitId, Diagnosis));

        Assert.Contains(_a.Host.Hospitals["north-general"].FindRecord("bob", "neurology")!.Entries, e => e.Text.StartsWith("added on B", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_published_on_A_reaches_the_hub_of_B_and_not_A_twice()
    {
        var onB = new TaskCompletionSource<VisitChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registryOnB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seenOnA = 0;
        _b.Hub.Changed += change => onB.TrySetResult(change);
        _b.Hub.RegistryChanged += what => registryOnB.TrySetResult(what);
        _a.Hub.Changed += _ => Interlocked.Increment(ref seenOnA);

        var (visitId, started) = await _a.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(started);
        _a.Hub.PublishRegistryChange("records");

        var change = await onB.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((visitId, "alice", "dr-chen", null), (change.VisitId, change.PatientId, change.DoctorId, change.Event));
        Assert.Equal("records", await registryOnB.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var seen = seenOnA;
        await Task.Delay(200);
        Assert.Equal(seen, seenOnA);
    }

    [Fact]
    public async Task An_EHR_migration_made_on_A_is_continued_from_on_B()
    {
        var (_, there) = await _a.AsParty("alice").Migrations.StartAsync("north-general", "cardiology", "south-university");
        Assert.True(there.Succeeded, there.Message);

        // B moves it back: its TTPH and endpoints must hold A's state (nonces, certificates, the moved record).
        var (_, back) = await _b.AsParty("alice").Migrations.StartAsync("south-university", "cardiology", "north-general");

        Assert.True(back.Succeeded, back.Message);
        Assert.NotNull(_b.Host.Hospitals["north-general"].FindRecord("alice", "cardiology"));
        Assert.Null(_b.Host.Hospitals["south-university"].FindRecord("alice", "cardiology"));
    }

    private static async Task WriteAuditAsync(PortalHarness portal, string actor, int rows)
    {
        var audit = portal.Get<AuditLog>();
        for (var i = 0; i < rows; i++)
        {
            await using var db = portal.OpenDb();
            audit.Add(db, actor, "Instance test", $"row {i}", "written");
            await db.SaveChangesAsync();
        }
    }
}
