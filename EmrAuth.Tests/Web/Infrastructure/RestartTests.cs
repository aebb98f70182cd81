using System.Text;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure;

/// <summary>
/// A restart rebuilds every party from sealed storage; running visits continue from their sealed session state, unless
/// it outlived Visits:SealedStateLifetime (then they end interrupted); nothing personal is readable in the database file.
/// </summary>
public class RestartTests : IAsyncLifetime
{
    /// <summary>The database engine; <see cref="RestartOnPostgresTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual StorageProvider Provider => StorageProvider.Sqlite;

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync(provider: Provider);

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Visits_in_progress_continue_after_a_restart_to_their_filed_diagnosis_and_finished_ones_keep_their_outcome()
    {
        var finished = await CompleteVisitAsync(_portal);
        var (requested, _) = await _portal.AsParty("bob").Visits.StartAsync("dr-huang");
        var (consulting, _) = await _portal.AsParty("carol").Visits.StartAsync("dr-chen", ProtocolProfile.Paper);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(consulting));
        var (recordRead, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen", ProtocolProfile.Hardened);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(recordRead));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(recordRead, Readings));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(recordRead, "cardiology"));
        var finishedOutcome = (await StatusAsync(_portal, finished)).Outcome;
        var eventsBefore = await _portal.AsParty("dr-chen").Queries.EventsAsync(recordRead);

        await _portal.RestartAsync();

        Assert.Equal(
            [(requested, VisitStatus.Requested), (consulting, VisitStatus.Consulting), (recordRead, VisitStatus.RecordRead)],
            await Task.WhenAll(new[] { requested, consulting, recordRead }.Select(async id => (id, (await StatusAsync(_portal, id)).Status))));
        // The stored transcripts are still readable (the Data Protection keys were restored from the key folder).
        Assert.Equal(eventsBefore, await _portal.AsParty("dr-chen").Queries.EventsAsync(recordRead), EventComparer.Instance);

        AssertSucceeded(await _portal.AsParty("dr-huang").Visits.AcceptAsync(requested));
        AssertSucceeded(await _portal.AsParty("bob").Visits.SendReadingsAsync(requested, Readings));
        AssertSucceeded(await _portal.AsParty("dr-huang").Visits.SearchRecordAsync(requested, "neurology"));
        AssertSucceeded(await _portal.AsParty("dr-huang").Visits.DiagnoseAsync(requested, Diagnosis));
        AssertSucceeded(await _portal.AsParty("carol").Visits.SendReadingsAsync(consulting, Readings));
        await _portal.RestartAsync();
        // The paper's EMR search needs escrowed keys, which this deployment never issues: the restored paper visit is refused exactly there.
        var search = await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(consulting, "cardiology");
        Assert.Contains("Eq. 28", search.Message, StringComparison.Ordinal);
        Assert.Equal(VisitStatus.Searching, (await StatusAsync(_portal, consulting)).Status);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.DiagnoseAsync(recordRead, Diagnosis));

        foreach (var (id, patient) in new[] { (requested, "bob"), (recordRead, "alice") })
        {
            Assert.Equal(VisitStatus.Diagnosed, (await StatusAsync(_portal, id)).Status);
            Assert.Equal(Diagnosis, await _portal.AsParty(patient).Queries.RecoveredAsync(id, "M_DINF"));
            var events = await _portal.AsCloud().Queries.EventsAsync(id);
            Assert.All(events.OfType<VerificationView>(), c => Assert.True(c.Passed, c.Reason));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        }
        Assert.Equal((ProtocolProfile.Hardened, ProtocolProfile.Paper), ((await StatusAsync(_portal, recordRead)).Profile, (await StatusAsync(_portal, consulting)).Profile));
        var done = await StatusAsync(_portal, finished);
        Assert.Equal((VisitStatus.Diagnosed, finishedOutcome), (done.Status, done.Outcome));
        // A visit that ended keeps no sealed state, and it cannot take another step.
        await using (var db = _portal.OpenDb())
        {
            Assert.Equal([consulting], await db.VisitSessionStates.Select(s => s.VisitId).ToListAsync());
        }
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(recordRead, Diagnosis));
        Assert.True((await _portal.AsCloud().Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_visit_whose_sealed_state_outlived_its_lifetime_ends_interrupted_with_no_partial_record()
    {
        var entriesBefore = await EmrEntryCountAsync();
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));

        var lifetime = _portal.Get<IOptions<VisitOptions>>().Value.SealedStateLifetime;
        await _portal.RestartAsync(downtime: lifetime + TimeSpan.FromMinutes(1));

        var visit = await StatusAsync(_portal, visitId);
        Assert.Equal((VisitStatus.Interrupted, "interrupted"), (visit.Status, visit.StatusText));
        Assert.Equal(VisitStateStore.ExpiredMessage(lifetime), visit.Outcome);
        Assert.Contains("sealed session keys were erased", visit.Outcome, StringComparison.Ordinal);
        Assert.Equal(_portal.Clock.GetUtcNow(), visit.UpdatedAt);
        await using (var db = _portal.OpenDb())
        {
            Assert.False(await db.VisitSessionStates.AnyAsync(s => s.VisitId == visitId));
        }
        Assert.Equal(entriesBefore, await EmrEntryCountAsync());
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis));
        Assert.Equal(VisitStatus.Interrupted, (await StatusAsync(_portal, visitId)).Status);
        Assert.True((await _portal.AsCloud().Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_step_on_a_state_that_expired_while_the_portal_ran_ends_the_visit_with_the_reason()
    {
        var (visitId, _) = await _portal.AsParty("bob").Visits.StartAsync("dr-huang");
        _portal.Clock.Advance(_portal.Get<IOptions<VisitOptions>>().Value.SealedStateLifetime + TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(visitId));

        Assert.Equal(VisitStateStore.ExpiredMessage(_portal.Get<IOptions<VisitOptions>>().Value.SealedStateLifetime), refused.Message);
        Assert.Equal(VisitStatus.Interrupted, (await StatusAsync(_portal, visitId)).Status);
        await using var db = _portal.OpenDb();
        Assert.False(await db.VisitSessionStates.AnyAsync(s => s.VisitId == visitId));
    }

    private async Task<int> EmrEntryCountAsync()
    {
        await using var db = _portal.OpenDb();
        return await db.EmrEntries.CountAsync();
    }

    [Fact]
    public async Task After_a_restart_every_party_is_rebuilt_and_a_new_visit_completes()
    {
        var directoryBefore = (await _portal.AsCloud().Registry.DirectoryAsync()).Entries.Select(e => (e.Id, e.Role, Convert.ToHexString(e.R.Encode()))).ToList();
        var masterKeyBefore = _portal.Host.Bulletin.MasterPublicKey.Encode();
        var firstHost = _portal.Host;

        await _portal.RestartAsync();

        Assert.NotSame(firstHost, _portal.Host);
        Assert.Equal(masterKeyBefore, _portal.Host.Bulletin.MasterPublicKey.Encode());
        Assert.Equal(directoryBefore, (await _portal.AsCloud().Registry.DirectoryAsync()).Entries.Select(e => (e.Id, e.Role, Convert.ToHexString(e.R.Encode()))).ToList());
        Assert.Equal(4, _portal.Host.Patients.Count);

        foreach (var (patient, doctor, department) in new[] { ("alice", "dr-chen", "cardiology"), ("bob", "dr-huang", "neurology"), ("dan", "dr-deng", "oncology") })
        {
            var visitId = await CompleteVisitAsync(_portal, patient, doctor, department);
            Assert.Equal(VisitStatus.Diagnosed, (await StatusAsync(_portal, visitId)).Status);
            Assert.All((await _portal.AsCloud().Queries.EventsAsync(visitId)).OfType<VerificationView>(), c => Assert.True(c.Passed, c.Reason));
        }

        // And once more, on the state the second run left behind, in each profile.
        await _portal.RestartAsync();
        await CompleteVisitAsync(_portal, "carol", "dr-chen", "cardiology");
        var hardened = await CompleteVisitAsync(_portal, "alice", "dr-chen", "cardiology", profile: ProtocolProfile.Hardened);
        Assert.Equal((VisitStatus.Diagnosed, ProtocolProfile.Hardened), ((await StatusAsync(_portal, hardened)).Status, (await StatusAsync(_portal, hardened)).Profile));
    }

    [Fact]
    public async Task The_index_as_the_public_cloud_last_wrote_it_survives_a_restart()
    {
        await CompleteVisitAsync(_portal);
        var index = (await _portal.AsCloud().Registry.IndexAsync());

        await _portal.RestartAsync();

        Assert.Equal(index, (await _portal.AsCloud().Registry.IndexAsync()));
        await using var db = _portal.OpenDb();
        Assert.Equal(
            index.Select(i => (i.KeyHex, i.MaskedHex)),
            (await db.IndexRecords.ToListAsync()).Select(i => (i.KeyHex, Convert.ToHexString(i.Masked))).Order());
    }

    [Fact]
    public async Task A_revocation_survives_a_restart()
    {
        var serial = (await _portal.AsCloud().Registry.DoctorsAsync()).Single(d => d.Id == "dr-huang").CertificateSerial;
        await _portal.AsCloud().Registrations.RevokeCertificateAsync(serial, "licence suspended");

        await _portal.RestartAsync();

        Assert.DoesNotContain(await _portal.AsCloud().Registry.DoctorsAsync(), d => d.Id == "dr-huang");
        Assert.NotNull(_portal.Host.Authority.RevocationList.Find(serial));
        var (visitId, _) = await _portal.AsParty("bob").Visits.StartAsync("dr-huang");
        // The revoked doctor is refused by the services before any protocol step (issue 11, finding 6).
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(visitId));
        Assert.Equal(AccountAccess.SessionEndedMessage, refused.Message);
    }

    [Fact]
    public async Task The_database_file_holds_no_record_text_diagnosis_readings_or_biometric_secret()
    {
        var visitId = await CompleteVisitAsync(_portal);
        await _portal.Anonymous().SignUp.SignUpAsync(new SignUpForm
        {
            Kind = "Patient", UserName = "erin", Password = "erin-password-1", DisplayName = "Erin Walsh", PartyId = "erin",
            BiometricSecret = "erin-left-thumb-minutiae-0042",
        });

        // Read the file while the portal runs (the write-ahead log holds the latest pages), then once it has stopped.
        var running = _portal.ReadDatabaseBytes();
        await _portal.RestartAsync();
        var stopped = _portal.ReadDatabaseBytes();

        foreach (var bytes in new[] { running, stopped })
        {
            // The search works: identities and audit text are stored in the clear.
            Assert.True(PortalHarness.Contains(bytes, "north-general"));
            Assert.True(PortalHarness.Contains(bytes, "Erin Walsh"));
            Assert.True(PortalHarness.Contains(bytes, "EMR read"));

            foreach (var record in new[] { AliceRecord, "migraine with aura", "ramipril 5 mg", "stage I colon cancer", "stent placed" })
            {
                Assert.False(PortalHarness.Contains(bytes, record), $"record text '{record}' is readable in the database");
            }
            Assert.False(PortalHarness.Contains(bytes, Diagnosis), "the diagnosis is readable in the database");
            Assert.False(PortalHarness.Contains(bytes, "Stable angina"), "the diagnosis is readable in the database");
            Assert.False(PortalHarness.Contains(bytes, Readings), "M_SD is readable in the database");
            Assert.False(PortalHarness.Contains(bytes, "ST depression"), "M_SD is readable in the database");
            foreach (var (patient, secret) in new[] { ("alice", DemoSeeder.BiometricSecretOf("alice")), ("erin", "erin-left-thumb-minutiae-0042") })
            {
                Assert.False(PortalHarness.Contains(bytes, secret), $"{patient}'s biometric secret is in the database");
                var bP = BiometricPassword.Derive(Encoding.UTF8.GetBytes(secret), patient);
                Assert.False(PortalHarness.Contains(bytes, bP), $"{patient}'s B_P is stored unsealed");
                Assert.False(PortalHarness.Contains(bytes, Convert.ToHexString(bP)), $"{patient}'s B_P is stored unsealed (hex)");
            }
        }

        // Sealed, not lost: the portal still reads all of it.
        Assert.Equal(Diagnosis, await _portal.AsParty("alice").Queries.RecoveredAsync(visitId, "M_DINF"));
        Assert.Equal(Readings, await _portal.AsParty("alice").Queries.RecoveredAsync(visitId, "M_SD"));
        Assert.Contains((await _portal.AsParty("north-general").Records.RecordsAsync()), r => r.Entries.Any(e => e.Text == AliceRecord));
    }

    [Fact]
    public async Task Sealed_data_needs_the_portals_keys()
    {
        var visitId = await CompleteVisitAsync(_portal);
        await using var db = _portal.OpenDb();
        var row = await db.VisitEvents.FirstAsync(e => e.VisitId == visitId);
        var entry = await db.EmrEntries.FirstAsync(e => e.PatientId == "alice");

        // Another key ring (another deployment, or stolen database without the key folder) cannot unseal anything.
        var foreign = new SecretSealer(DataProtectionProvider.Create(
            new DirectoryInfo(Path.Combine(_portal.Folder, "foreign-keys")), b => b.SetApplicationName("EmrAuth")));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => foreign.UnsealTranscript(row.SealedPayload));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => foreign.UnsealRecordText("north-general", entry.SealedText));

        // Record text is sealed per hospital: one hospital's purpose cannot open another's.
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => _portal.Sealer.UnsealRecordText("south-university", entry.SealedText));
        Assert.Equal(AliceRecord, _portal.Sealer.UnsealRecordText("north-general", entry.SealedText));
    }

    private sealed class EventComparer : IEqualityComparer<EventView>
    {
        public static readonly EventComparer Instance = new();

        public bool Equals(EventView? x, EventView? y) => Describe(x) == Describe(y);

        public int GetHashCode(EventView obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);

        private static string Describe(EventView? view) => System.Text.Json.JsonSerializer.Serialize(view);
    }
}

public sealed class RestartOnPostgresTests : RestartTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
