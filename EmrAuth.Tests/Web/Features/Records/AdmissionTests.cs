using EmrAuth.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Records;

/// <summary>
/// Issue 11, finding 3: admin.south planted records for alice and bob, north-general's patients, and the form's errors
/// told it who exists and which hospital holds what. A record now needs the patient's signed Admission_P, and the
/// hospital's answers are the same for every patient id.
/// </summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Planting_a_record_for_another_hospitals_patient_is_refused_at_the_named_check_stores_nothing_and_is_audited()
    {
        var south = _portal.AsParty("south-university").Records;

        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => south.CreateRecordAsync("alice", "oncology", "Planted."));

        Assert.Equal(("patientId", RecordService.NoAgreement), (refused.Field, refused.Message));
        Assert.StartsWith(AdmissionAgreement.Check, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await south.RecordsAsync(), r => r.PatientId == "alice");
        Assert.Null(_portal.Host.Hospitals["south-university"].FindRecord("alice", "oncology"));
        await using var db = _portal.OpenDb();
        var audit = await db.AuditEntries.Where(a => a.Action == "Record refused").ToListAsync();
        Assert.Contains(audit, a => a.Actor == "admin.south" && a.Outcome.StartsWith(AdmissionAgreement.Check, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pending_or_declined_request_does_not_allow_a_record_an_approved_one_does()
    {
        var south = _portal.AsParty("south-university");
        await south.Admissions.RequestAsync("alice");
        await Assert.ThrowsAsync<PortalValidationException>(() => south.Records.CreateRecordAsync("alice", "oncology", "Pending."));
        var alice = _portal.AsParty("alice").Admissions;
        var request = Assert.Single(await alice.OwnRequestsAsync(), r => r.HospitalId == "south-university" && r.Status == AdmissionStatus.Pending);
        await alice.DeclineAsync(request.Id);
        await Assert.ThrowsAsync<PortalValidationException>(() => south.Records.CreateRecordAsync("alice", "oncology", "Declined."));

        await AdmitAsync(_portal, "south-university", "alice");
        await south.Records.CreateRecordAsync("alice", "oncology", "2026-11: referred for screening.");

        Assert.Contains(await south.Records.RecordsAsync(), r => r.PatientId == "alice" && r.DepartmentId == "oncology");
        await using var db = _portal.OpenDb();
        var stored = await db.Admissions.SingleAsync(a => a.HospitalId == "south-university" && a.PatientId == "alice" && a.Status == AdmissionStatus.Approved);
        var agreement = SignedAdmission.Decode(stored.SignedAgreement!);
        Assert.Equal(("alice", "south-university"), (agreement.Agreement.PatientId, agreement.Agreement.HospitalId));
        Assert.True(agreement.PatientKey.SameAs(_portal.Host.Cloud.PatientKey("alice")!));
    }

    [Fact]
    public async Task An_agreement_for_another_hospital_does_not_allow_a_record_here()
    {
        // carol agreed (in the seed) to south-university only.
        var north = _portal.AsParty("north-general");

        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => north.Records.CreateRecordAsync("carol", "neurology", "Planted."));

        Assert.Equal(RecordService.NoAgreement, refused.Message);
    }

    [Fact]
    public async Task The_record_form_answers_alike_for_an_unknown_id_a_patient_without_agreement_and_a_record_held_elsewhere()
    {
        var south = _portal.AsParty("south-university").Records;
        // alice has now agreed to south-university, but north-general serves her cardiology record.
        await AdmitAsync(_portal, "south-university", "alice");

        var unknown = await Assert.ThrowsAsync<PortalValidationException>(() => south.CreateRecordAsync("zed", "cardiology", "x"));
        var notAgreed = await Assert.ThrowsAsync<PortalValidationException>(() => south.CreateRecordAsync("bob", "cardiology", "x"));
        var heldElsewhere = await Assert.ThrowsAsync<PortalValidationException>(() => south.CreateRecordAsync("alice", "cardiology", "x"));

        Assert.All(new[] { unknown, notAgreed, heldElsewhere }, e => Assert.Equal(("patientId", RecordService.NoAgreement), (e.Field, e.Message)));
        Assert.DoesNotContain("north", RecordService.NoAgreement, StringComparison.OrdinalIgnoreCase);
        // North's record is neither replaced nor shadowed: the index still names north-general, and a search finds it there.
        var visitId = await CompleteVisitAsync(_portal, "alice", "dr-chen", "cardiology");
        Assert.Equal("north-general", (await StatusAsync(_portal, visitId)).HospitalId);
    }

    [Fact]
    public async Task An_admission_request_to_an_unknown_id_looks_exactly_like_one_to_a_real_patient()
    {
        var south = _portal.AsParty("south-university").Admissions;

        var toReal = await south.RequestAsync("alice");
        var toNobody = await south.RequestAsync("zed");

        Assert.Equal(toReal, toNobody);
        var listed = await south.HospitalRequestsAsync();
        var (real, nobody) = (Assert.Single(listed, r => r.PatientId == "alice"), Assert.Single(listed, r => r.PatientId == "zed"));
        Assert.Equal((AdmissionStatus.Pending, AdmissionStatus.Pending), (real.Status, nobody.Status));
        // Asking again changes nothing and says the same.
        Assert.Equal(toReal, await south.RequestAsync("zed"));
        Assert.Equal(listed.Count, (await south.HospitalRequestsAsync()).Count);
    }

    [Fact]
    public async Task A_patient_answers_only_their_own_requests_and_the_refusal_is_audited()
    {
        await _portal.AsParty("south-university").Admissions.RequestAsync("alice");
        var request = Assert.Single(await _portal.AsParty("alice").Admissions.OwnRequestsAsync(), r => r.Status == AdmissionStatus.Pending);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").Admissions.ApproveAsync(request.Id));

        Assert.Equal(AdmissionStatus.Pending, (await _portal.AsParty("alice").Admissions.OwnRequestsAsync()).Single(r => r.Id == request.Id).Status);
        Assert.DoesNotContain(await _portal.AsParty("bob").Admissions.OwnRequestsAsync(), r => r.Id == request.Id);
    }
}
