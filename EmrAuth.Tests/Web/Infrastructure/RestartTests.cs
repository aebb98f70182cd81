using System.Text;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure;

/// <summary>
/// A restart rebuilds every party from sealed storage; visits whose session keys were in memory end as interrupted;
/// nothing personal is readable in the database file.
/// </summary>
public class RestartTests : IAsyncLifetime
{
    /// <summary>The database engine; <see cref="RestartOnPostgresTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual StorageProvider Provider => StorageProvider.Sqlite;

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync(provider: Provider);

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Visits_in_progress_become_interrupted_and_finished_ones_keep_their_outcome()
    {
        var finished = await CompleteVisitAsync(_portal);
        var (requested, _) = await _portal.AsParty("bob").Visits.StartAsync("dr-huang", ProtocolProfile.Paper);
        var (consulting, _) = await _portal.AsParty("carol").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(consulting));
        var (recordRead, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen", ProtocolProfile.Hardened);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(recordRead));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(recordRead, Readings));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(recordRead, "cardiology"));
        var finishedOutcome = (await StatusAsync(_portal, finished)).Outcome;
        var eventsBefore = await _portal.AsParty("dr-chen").Queries.EventsAsync(recordRead);

        await _portal.RestartAsync();

        foreach (var id in new[] { requested, consulting, recordRead })
        {
            var visit = await StatusAsync(_portal, id);
            Assert.Equal(VisitStatus.Interrupted, visit.Status);
            Assert.Contains("restarted", visit.Outcome, StringComparison.Ordinal);
            Assert.Contains("start a new visit", visit.Outcome, StringComparison.Ordinal);
            Assert.Equal("interrupted", visit.StatusText);
            Assert.Equal(_portal.Clock.GetUtcNow(), visit.UpdatedAt);
        }
        // The interrupted visit still says which profile it ran.
        Assert.Equal((ProtocolProfile.Hardened, ProtocolProfile.Paper), ((await StatusAsync(_portal, recordRead)).Profile, (await StatusAsync(_portal, requested)).Profile));
        var done = await StatusAsync(_portal, finished);
        Assert.Equal((VisitStatus.Diagnosed, finishedOutcome), (done.Status, done.Outcome));

        // The stored transcripts are still readable (the Data Protection keys were restored from the key folder).
        var eventsAfter = await _portal.AsParty("dr-chen").Queries.EventsAsync(recordRead);
        Assert.Equal(eventsBefore, eventsAfter, EventComparer.Instance);
        Assert.Equal(Diagnosis, await _portal.AsParty("alice").Queries.RecoveredAsync(finished, "M_DINF"));

        // An interrupted visit cannot be continued.
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(requested));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(recordRead, Diagnosis));
        Assert.Equal(VisitStatus.Interrupted, (await StatusAsync(_portal, recordRead)).Status);
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
