using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Records;

/// <summary>Hospitals create records (sealed, indexed at the public cloud) and add entries; bad input stores nothing.</summary>
public sealed class RecordServiceTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<string, string, string, string, string> RefusedRecords => new()
    {
        // hospital, patient, department, text → field
        { "north-general", "zed", "cardiology", "New record", "patientId" },                 // no such patient
        { "north-general", "Alice", "neurology", "New record", "patientId" },                // not an identity
        { "north-general", "alice", "oncology", "New record", "departmentId" },              // south-university's department
        { "north-general", "alice", "dermatology", "New record", "departmentId" },           // nobody's department
        { "north-general", "alice", "neurology", "", "text" },                               // empty
        { "north-general", "alice", "neurology", "   \n ", "text" },                         // blank
        { "north-general", "alice", "neurology", new string('x', 5000), "text" },            // too long
        { "east-clinic", "alice", "cardiology", "New record", "hospitalId" },                // not a registered hospital
        { "north-general", "alice", "cardiology", "Second record", "patientId" },            // already has one
    };

    [Theory]
    [MemberData(nameof(RefusedRecords))]
    public async Task A_refused_record_names_the_field_and_stores_nothing(string hospital, string patient, string department, string text, string field)
    {
        var before = await SnapshotAsync();

        var admin = hospital == "east-clinic" ? await _portal.AsNewAccountAsync(Roles.HospitalAdmin, hospital) : _portal.AsParty(hospital);
        var error = await Assert.ThrowsAsync<PortalValidationException>(() => admin.Records.CreateRecordAsync(patient, department, text));

        Assert.Equal(field, error.Field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_new_record_is_stored_sealed_and_indexed_and_a_doctor_can_then_find_it()
    {
        var indexBefore = (await _portal.AsCloud().Registry.IndexAsync()).Count;
        await AdmitAsync(_portal, "north-general", "carol");

        await _portal.AsParty("north-general").Records.CreateRecordAsync("carol", "neurology", "2026-10: tension headaches, no red flags.");

        var record = Assert.Single((await _portal.AsParty("north-general").Records.RecordsAsync()), r => r.PatientId == "carol");
        Assert.Equal("neurology", record.DepartmentId);
        Assert.Equal(new RecordEntryView(_portal.Clock.GetUtcNow(), "north-general", "2026-10: tension headaches, no red flags.", false), Assert.Single(record.Entries));
        var key = Convert.ToHexString(EmrIndex.KeyOf("carol", "neurology"));
        Assert.Equal(indexBefore + 1, (await _portal.AsCloud().Registry.IndexAsync()).Count);
        Assert.Contains((await _portal.AsCloud().Registry.IndexAsync()), i => i.KeyHex == key);
        await using (var db = _portal.OpenDb())
        {
            var row = await db.EmrEntries.SingleAsync(e => e.PatientId == "carol" && e.DepartmentId == "neurology");
            Assert.Equal("2026-10: tension headaches, no red flags.", _portal.Sealer.UnsealRecordText("north-general", row.SealedText));
            Assert.True(await db.IndexRecords.AnyAsync(i => i.KeyHex == key));
            Assert.Contains(await db.AuditEntries.Where(a => a.PatientId == "carol").ToListAsync(), a => a.Action == "Record created" && a.Actor == "admin.north");
        }
        Assert.Empty(await (await _portal.AsNewAccountAsync(Roles.HospitalAdmin, "east-clinic")).Records.RecordsAsync());

        // The protocol finds it: dr-huang (neurology) searches carol's neurology record at north-general.
        var visitId = await CompleteVisitAsync(_portal, "carol", "dr-huang", "neurology");
        Assert.Equal("north-general", (await StatusAsync(_portal, visitId)).HospitalId);
        Assert.Contains("tension headaches", await _portal.AsParty("dr-huang").Queries.RecoveredAsync(visitId, "M_EMR"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_for_a_patient_still_pending_is_refused()
    {
        await _portal.Anonymous().SignUp.SignUpAsync(new SignUpForm
        {
            Kind = Roles.Patient, UserName = "erin", Password = "erin-password-1", DisplayName = "Erin Walsh", PartyId = "erin",
            BiometricSecret = "erin-device-fingerprint-template",
        });
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("north-general").Records.CreateRecordAsync("erin", "cardiology", "New"));

        Assert.Equal("patientId", error.Field);
        Assert.Equal(before, await SnapshotAsync());
        var registration = await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin");
        await _portal.AsCloud().Registrations.ApproveAsync(registration!.Id);
        await AdmitAsync(_portal, "north-general", "erin");
        await _portal.AsParty("north-general").Records.CreateRecordAsync("erin", "cardiology", "New");
        Assert.Contains((await _portal.AsParty("north-general").Records.RecordsAsync()), r => r.PatientId == "erin");
    }

    [Fact]
    public async Task Adding_an_entry_appends_to_the_record_and_survives_a_restart()
    {
        _portal.Clock.Advance(TimeSpan.FromHours(1));
        await _portal.AsParty("north-general").Records.AddEntryAsync("alice", "cardiology", "2026-11: chest pain on exertion, referred.");

        var entries = (await _portal.AsParty("north-general").Records.RecordsAsync()).Single(r => r.PatientId == "alice").Entries;
        Assert.Equal([AliceRecord, "2026-11: chest pain on exertion, referred."], entries.Select(e => e.Text));
        Assert.Equal(_portal.Clock.GetUtcNow(), entries[1].At);
        Assert.Equal(4, (await _portal.AsCloud().Registry.IndexAsync()).Count);

        await _portal.RestartAsync();

        Assert.Equal(
            [AliceRecord, "2026-11: chest pain on exertion, referred."],
            (await _portal.AsParty("north-general").Records.RecordsAsync()).Single(r => r.PatientId == "alice").Entries.Select(e => e.Text));

        // The doctor receives both entries.
        var visitId = await CompleteVisitAsync(_portal);
        var emr = await _portal.AsParty("dr-chen").Queries.RecoveredAsync(visitId, "M_EMR");
        Assert.Contains("chest pain on exertion", emr, StringComparison.Ordinal);
        Assert.Contains("stent placed", emr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_an_entry_needs_an_existing_record_and_valid_text()
    {
        var before = await SnapshotAsync();

        Assert.Equal("patientId", (await Assert.ThrowsAsync<PortalValidationException>(
            () => _portal.AsParty("north-general").Records.AddEntryAsync("alice", "neurology", "Entry"))).Field);
        Assert.Equal("departmentId", (await Assert.ThrowsAsync<PortalValidationException>(
            () => _portal.AsParty("north-general").Records.AddEntryAsync("carol", "oncology", "Entry"))).Field);
        Assert.Equal("text", (await Assert.ThrowsAsync<PortalValidationException>(
            () => _portal.AsParty("north-general").Records.AddEntryAsync("alice", "cardiology", new string('y', RecordService.MaxEntryLength + 1)))).Field);
        Assert.Equal("patientId", (await Assert.ThrowsAsync<PortalValidationException>(
            () => _portal.AsParty("south-university").Records.AddEntryAsync("alice", "cardiology", "Entry"))).Field); // her record is at north-general
        var east = await _portal.AsNewAccountAsync(Roles.HospitalAdmin, "east-clinic");
        Assert.Equal("hospitalId", (await Assert.ThrowsAsync<PortalValidationException>(() => east.Records.AddEntryAsync("alice", "cardiology", "Entry"))).Field);

        Assert.Equal(before, await SnapshotAsync());
        await _portal.AsParty("north-general").Records.AddEntryAsync("alice", "cardiology", new string('y', RecordService.MaxEntryLength));
        Assert.Equal(2, (await _portal.AsParty("north-general").Records.RecordsAsync()).Single(r => r.PatientId == "alice").Entries.Count);
    }

    /// <summary>Records in memory (every hospital), stored entries, index (memory and stored) and audit.</summary>
    private async Task<string> SnapshotAsync()
    {
        var memory = new List<string>();
        foreach (var h in _portal.Host.Hospitals.Keys.Order())
        {
            memory.AddRange((await _portal.AsParty(h).Records.RecordsAsync()).Select(r => $"{h}/{r.PatientId}/{r.DepartmentId}:{r.Entries.Count}"));
        }
        var index = (await _portal.AsCloud().Registry.IndexAsync()).Select(i => i.KeyHex + "=" + i.MaskedHex);
        await using var db = _portal.OpenDb();
        var rows = await db.EmrEntries.OrderBy(e => e.Id).Select(e => e.HospitalId + "/" + e.PatientId + "/" + e.DepartmentId).ToListAsync();
        var stored = await db.IndexRecords.OrderBy(i => i.KeyHex).Select(i => i.KeyHex).ToListAsync();
        // A refused creation is audited (a planting attempt is worth a trace); it stores nothing else.
        var audit = await db.AuditEntries.CountAsync(a => a.Action != "Record refused");
        return string.Join("|", memory) + "\n" + string.Join("|", index) + "\n" + string.Join("|", rows) + "\n" + string.Join("|", stored) + "\naudit " + audit;
    }
}
