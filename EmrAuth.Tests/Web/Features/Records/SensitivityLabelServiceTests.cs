using EmrAuth.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Records;

/// <summary>
/// Issue 14, item 4 through the services: a hospital admin or a doctor filing a diagnosis restricts an entry (a signed
/// Label_S, stored sealed, kept across a restart); an EMR search releases it only when the patient's scope names restricted data.
/// </summary>
public sealed class SensitivityLabelServiceTests : IAsyncLifetime
{
    private const string Secret = "Moderate depressive episode; refer to psychiatry.";

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task An_entry_the_admin_restricts_is_labeled_stored_audited_and_withheld_unless_the_scope_names_restricted_data()
    {
        var admin = _portal.AsParty("north-general").Records;

        await admin.RestrictEntryAsync("alice", "cardiology", 0);

        await _portal.RestartAsync();
        var entry = Assert.Single((await _portal.AsParty("north-general").Records.RecordsAsync()).Single(r => r.PatientId == "alice").Entries);
        Assert.Equal((true, "north-general"), (entry.Restricted, entry.RestrictedBy));
        await using (var db = _portal.OpenDb())
        {
            var row = await db.EmrEntries.SingleAsync(e => e.PatientId == "alice" && e.DepartmentId == "cardiology");
            var label = SignedSensitivityLabel.Decode(_portal.Sealer.UnsealRecord("north-general", row.SealedSensitivityLabel!)).Label;
            Assert.Equal(("north-general", SensitivityLabel.Restricted), (label.SignerId, SensitivityLabel.Restricted));
            Assert.Contains(await db.AuditEntries.Where(a => a.PatientId == "alice").ToListAsync(), a => a.Action == "Record entry restricted" && a.Actor == "admin.north");
        }

        var withheld = await ReadAsync(includeRestricted: false);
        Assert.DoesNotContain(AliceRecord, withheld);
        Assert.Contains("1 restricted entry withheld", withheld);
        Assert.Contains(AliceRecord, await ReadAsync(includeRestricted: true));
    }

    [Fact]
    public async Task A_diagnosis_the_doctor_files_as_restricted_carries_the_doctors_label()
    {
        var (patient, doctor) = (_portal.AsParty("alice").Visits, _portal.AsParty("dr-chen").Visits);
        var (visitId, started) = await patient.StartAsync("dr-chen", null, ["cardiology"]);
        AssertSucceeded(started);
        AssertSucceeded(await doctor.AcceptAsync(visitId));
        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await doctor.SearchRecordAsync(visitId, "cardiology"));

        AssertSucceeded(await doctor.DiagnoseAsync(visitId, Secret, restricted: true));

        await _portal.RestartAsync();
        var entries = (await _portal.AsParty("north-general").Records.RecordsAsync()).Single(r => r.PatientId == "alice").Entries;
        Assert.Equal([(false, null), (true, "dr-chen")], entries.Select(e => (e.Restricted, e.RestrictedBy)));
        var events = await _portal.AsParty("dr-chen").Queries.EventsAsync(visitId);
        Assert.Contains(events.OfType<VerificationView>(), c => c.Check == SensitivityLabel.Check && c.Passed);
        Assert.DoesNotContain(Secret, await ReadAsync(includeRestricted: false));
    }

    [Fact]
    public async Task A_missing_entry_or_another_hospitals_record_is_refused_and_changes_nothing()
    {
        var north = _portal.AsParty("north-general").Records;

        Assert.Equal("index", (await Assert.ThrowsAsync<PortalValidationException>(() => north.RestrictEntryAsync("alice", "cardiology", 1))).Field);
        Assert.Equal("patientId", (await Assert.ThrowsAsync<PortalValidationException>(() => north.RestrictEntryAsync("bob", "cardiology", 0))).Field);
        // south-university holds no record of alice: its admin cannot restrict north-general's.
        Assert.Equal("patientId",
            (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("south-university").Records.RestrictEntryAsync("alice", "cardiology", 0))).Field);

        Assert.DoesNotContain((await north.RecordsAsync()).SelectMany(r => r.Entries), e => e.Restricted);
        await using var db = _portal.OpenDb();
        Assert.False(await db.EmrEntries.AnyAsync(e => e.SealedSensitivityLabel != null));
    }

    /// <summary>dr-chen's EMR search of alice's cardiology record, with or without restricted entries in Scope_P; returns M_EMR.</summary>
    private async Task<string> ReadAsync(bool includeRestricted)
    {
        var (patient, doctor) = (_portal.AsParty("alice").Visits, _portal.AsParty("dr-chen").Visits);
        var (visitId, started) = await patient.StartAsync("dr-chen", null, ["cardiology"], includeRestricted);
        AssertSucceeded(started);
        AssertSucceeded(await doctor.AcceptAsync(visitId));
        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await doctor.SearchRecordAsync(visitId, "cardiology"));
        return await _portal.AsParty("dr-chen").Queries.RecoveredAsync(visitId, "M_EMR") ?? "";
    }
}
