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
public sealed class SeveralInstancesTests : TwoInstances
{
    [Fact]
    public async Task What_one_instance_seals_the_other_unseals_through_the_shared_key_ring()
    {
        var sealedOnA = A.Sealer.SealTranscript("sealed on A");

        Assert.Equal("sealed on A", B.Sealer.UnsealTranscript(sealedOnA));
        await using var db = A.OpenDb();
        Assert.NotEmpty(await ((PostgresEmrAuthDbContext)db).DataProtectionKeys.ToListAsync());
        Assert.False(Directory.Exists(A.KeysPath));
    }

    [Fact]
    public void A_session_begun_on_A_is_valid_on_B_until_it_signs_out_on_A()
    {
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(A.Get<SessionRegistry>().NewSessionClaims(), "test"));
        Assert.True(B.Get<SessionRegistry>().IsValid(user));

        A.Get<SessionRegistry>().SignOut(user);

        Assert.False(B.Get<SessionRegistry>().IsValid(user));
        Assert.False(A.Get<SessionRegistry>().IsValid(user));
    }

    [Fact]
    public async Task A_patient_approved_on_A_starts_a_visit_on_B()
    {
        await A.Anonymous().SignUp.SignUpAsync(new SignUpForm
        {
            Kind = "Patient", UserName = "erin", Password = "erin-password-1", DisplayName = "Erin Walsh", PartyId = "erin",
            BiometricSecret = "erin-left-thumb-minutiae-0042",
        });
        var registration = (await A.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin"))!;
        Assert.True((await A.AsCloud().Registrations.ApproveAsync(registration.Id)).Approved);
        Assert.False(B.Host.Patients.ContainsKey("erin"));

        var (_, started) = await B.As("erin").Visits.StartAsync("dr-chen");

        AssertSucceeded(started);
        Assert.True(B.Host.Patients.ContainsKey("erin"));
    }

    [Fact]
    public async Task A_revocation_on_A_is_in_force_on_B_for_the_protocol_and_the_pages()
    {
        var serial = (await A.AsCloud().Registry.DoctorsAsync()).Single(d => d.Id == "dr-huang").CertificateSerial;

        await A.AsCloud().Registrations.RevokeCertificateAsync(serial, "licence suspended");
        // B's shared work catches up before it runs; the pages' own reads follow the NOTIFY as well.
        var (_, other) = await B.AsParty("bob").Visits.StartAsync("dr-chen");

        AssertSucceeded(other);
        Assert.NotNull(B.Host.Authority.RevocationList.Find(serial));
        Assert.DoesNotContain(await B.AsParty("bob").Registry.DoctorsAsync(), d => d.Id == "dr-huang");
        var (visitId, _) = await B.AsParty("bob").Visits.StartAsync("dr-huang");
        await Assert.ThrowsAsync<AccessDeniedException>(() => B.AsParty("dr-huang").Visits.AcceptAsync(visitId));
    }

    [Fact]
    public void A_message_accepted_on_A_is_refused_on_B_at_the_same_check_with_the_same_reason()
    {
        var alice = A.Host.Patients["alice"];
        var request = alice.BeginConsultation("dr-chen", NullEventSink.Instance).Request;
        A.Host.Doctors["dr-chen"].ReceiveConsultationRequest(request, alice.Ref, NullEventSink.Instance);

        var onB = Assert.Throws<ProtocolViolationException>(() => B.Host.Doctors["dr-chen"].ReceiveConsultationRequest(request, alice.Ref, NullEventSink.Instance));
        var onA = Assert.Throws<ProtocolViolationException>(() => A.Host.Doctors["dr-chen"].ReceiveConsultationRequest(request, alice.Ref, NullEventSink.Instance));

        Assert.Equal("Replay cache", onB.FailedCheck.Check);
        Assert.Equal((onA.FailedCheck.Check, onA.FailedCheck.Reason), (onB.FailedCheck.Check, onB.FailedCheck.Reason));
    }

    [Fact]
    public async Task The_shared_replay_store_refuses_a_live_digest_once_and_takes_over_an_expired_one()
    {
        await using var store = new PostgresReplayStore(A.ConnectionString);
        var digest = System.Security.Cryptography.SHA256.HashData("a message"u8);
        var now = A.Clock.GetUtcNow();

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
        await CompleteVisitAsync(A, diagnosis: "filed on A");
        await CompleteVisitAsync(B, diagnosis: "filed on B");
        await CompleteVisitAsync(A, diagnosis: "filed on A again");

        var record = A.Host.Hospitals["north-general"].FindRecord("alice", "cardiology")!;
        Assert.Equal(["filed on A", "filed on B", "filed on A again"], record.Entries.Select(e => e.Text).Where(t => t.StartsWith("filed", StringComparison.Ordinal)));
        await using var db = A.OpenDb();
        var index = await db.IndexRecords.SingleAsync(i => i.KeyHex == Convert.ToHexString(EmrIndex.KeyOf("alice", "cardiology")));
        Assert.Equal(Convert.ToHexString(index.Masked), Convert.ToHexString(A.Host.Cloud.Index.MaskedRecords.Single(r => r.Key == index.KeyHex).Value));
    }

    [Fact]
    public async Task Audit_writers_on_A_and_B_at_once_make_one_chain_without_a_fork()
    {
        const int each = 150;

        // Visits write audit rows too: one of alice on each instance at once (their steps also take her lock in turn).
        await Task.WhenAll(WriteAuditAsync(A, "writer-a", each), WriteAuditAsync(B, "writer-b", each), CompleteVisitAsync(A), CompleteVisitAsync(B),
            CompleteVisitAsync(B, "bob", "dr-huang", "neurology"));

        var onA = await A.AsCloud().Audit.VerifyAsync();
        var onB = await B.AsCloud().Audit.VerifyAsync();
        Assert.True(onA.Intact, onA.Summary);
        Assert.True(onB.Intact, onB.Summary);
        await using var db = A.OpenDb();
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

        await Task.WhenAll(visits.SelectMany(v => new[] { A, B }.SelectMany((portal, instance) => Enumerable.Range(0, rounds).Select(round =>
            CompleteVisitAsync(portal, v.Patient, v.Doctor, v.Department, diagnosis: $"{v.Patient} {instance} {round}")))));

        await B.Host.CatchUpAsync();
        foreach (var (patient, _, department, hospital) in visits)
        {
            foreach (var portal in new[] { A, B })
            {
                await portal.Host.RunVisitStepAsync(patient, () => Task.FromResult(true));
                var filed = portal.Host.Hospitals[hospital].FindRecord(patient, department)!.Entries.Count(e => e.Text.StartsWith(patient + " ", StringComparison.Ordinal));
                Assert.Equal(2 * rounds, filed);
            }
        }
        var report = await A.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
    }

    [Fact]
    public async Task A_visit_running_on_A_continues_after_B_changed_the_deployment_and_A_reloaded()
    {
        var (patient, doctor) = (A.AsParty("alice").Visits, A.AsParty("dr-chen").Visits);
        var (visitId, started) = await patient.StartAsync("dr-chen", null, ["cardiology"]);
        AssertSucceeded(started);
        AssertSucceeded(await doctor.AcceptAsync(visitId));

        await B.AsParty("north-general").Records.AddEntryAsync("bob", "neurology", "added on B while alice's visit runs on A");
        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await doctor.SearchRecordAsync(visitId, "cardiology"));
        AssertSucceeded(await doctor.DiagnoseAsync(visitId, Diagnosis));

        Assert.Contains(A.Host.Hospitals["north-general"].FindRecord("bob", "neurology")!.Entries, e => e.Text.StartsWith("added on B", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_published_on_A_reaches_the_hub_of_B_and_not_A_twice()
    {
        var onB = new TaskCompletionSource<VisitChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registryOnB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seenOnA = 0;
        B.Hub.Changed += change => onB.TrySetResult(change);
        B.Hub.RegistryChanged += what => registryOnB.TrySetResult(what);
        A.Hub.Changed += _ => Interlocked.Increment(ref seenOnA);

        var (visitId, started) = await A.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(started);
        A.Hub.PublishRegistryChange("records");

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
        var (_, there) = await A.AsParty("alice").Migrations.StartAsync("north-general", "cardiology", "south-university");
        Assert.True(there.Succeeded, there.Message);

        // B moves it back: its TTPH and endpoints must hold A's state (nonces, certificates, the moved record).
        var (_, back) = await B.AsParty("alice").Migrations.StartAsync("south-university", "cardiology", "north-general");

        Assert.True(back.Succeeded, back.Message);
        Assert.NotNull(B.Host.Hospitals["north-general"].FindRecord("alice", "cardiology"));
        Assert.Null(B.Host.Hospitals["south-university"].FindRecord("alice", "cardiology"));
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
