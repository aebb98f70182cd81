using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>A whole visit through <see cref="VisitService"/>, as the patient and the doctor click it.</summary>
public class VisitFlowTests : IAsyncLifetime
{
    /// <summary>The database engine; <see cref="VisitFlowOnPostgresTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual StorageProvider Provider => StorageProvider.Sqlite;

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync(provider: Provider);

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<ProtocolProfile> Profiles => new(Enum.GetValues<ProtocolProfile>());

    /// <summary>
    /// Each profile in a deployment of the same profile: the portal's default (Hardened: escrow-free keys, the sealed
    /// index, a hardened visit when none is asked for), and the published scheme (Paper: escrowed keys, which its EMR search needs).
    /// </summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Alice_visits_dr_chen_from_request_to_filed_diagnosis(ProtocolProfile profile)
    {
        await using var deployment = profile == ProtocolProfile.Hardened ? null : await PortalHarness.StartAsync(profile, Provider);
        var portal = deployment ?? _portal;
        var (patient, doctor) = (portal.AsParty("alice").Visits, portal.AsParty("dr-chen").Visits);

        var (visitId, started) = profile == ProtocolProfile.Hardened ? await patient.StartAsync("dr-chen") : await patient.StartAsync("dr-chen", profile);
        AssertSucceeded(started);
        var requested = await StatusAsync(portal, visitId);
        Assert.Equal((VisitStatus.Requested, profile), (requested.Status, requested.Profile));
        // A hardened deployment issues keys without escrow; the paper's escrows them, and a hardened visit page names such parties.
        Assert.Equal(profile == ProtocolProfile.Hardened ? [] : ["alice", "dr-chen"],
            await portal.AsCloud().Registry.EscrowedOfAsync((PartyRole.Patient, "alice"), (PartyRole.Doctor, "dr-chen")));
        Assert.Equal(profile, portal.Host.Cloud.Index.Form);

        AssertSucceeded(await doctor.AcceptAsync(visitId));
        Assert.Equal(VisitStatus.Consulting, (await StatusAsync(portal, visitId)).Status);

        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));
        Assert.Equal(VisitStatus.Searching, (await StatusAsync(portal, visitId)).Status);

        AssertSucceeded(await doctor.SearchRecordAsync(visitId, "cardiology"));
        var afterSearch = await StatusAsync(portal, visitId);
        Assert.Equal((VisitStatus.RecordRead, "cardiology", "north-general"), (afterSearch.Status, afterSearch.DepartmentId, afterSearch.HospitalId));

        AssertSucceeded(await doctor.DiagnoseAsync(visitId, Diagnosis));
        var done = await StatusAsync(portal, visitId);
        Assert.Equal(VisitStatus.Diagnosed, done.Status);
        Assert.Equal(("alice", "dr-chen"), (done.PatientId, done.DoctorId));

        // Every check of the visit passed, and the stored transcript is in sequence order 1..n.
        var events = await portal.AsParty("alice").Queries.EventsAsync(visitId);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        var checks = events.OfType<VerificationView>().ToList();
        Assert.True(checks.Count >= 20, $"only {checks.Count} checks were stored");
        Assert.All(checks, c => Assert.True(c.Passed, $"{c.Reference} {c.Check}: {c.Reason}"));
        foreach (var equation in new[] { 14, 15, 20, 21, 22, 24, 27, 28, 36, 50 })
        {
            Assert.Contains(checks, c => c.Equation == equation);
        }
        Assert.Equal(["Consultation", "EmrSearch", "Diagnosis", "Filing"], events.Select(e => e.Phase).Distinct());
        Assert.Equal(profile == ProtocolProfile.Hardened ? KeyConfirmationCheck.All : [],
            checks.Where(c => KeyConfirmationCheck.All.Contains(c.Check)).Select(c => c.Check).ToList());
        Assert.DoesNotContain(events.OfType<OutcomeView>(), o => !o.Succeeded);

        // What the patient's device recovered is the diagnosis the doctor wrote.
        Assert.Equal(Diagnosis, await portal.AsParty("alice").Queries.RecoveredAsync(visitId, "M_DINF"));
        await using (var db = portal.OpenDb())
        {
            var stored = await db.Visits.SingleAsync(v => v.Id == visitId);
            Assert.Equal(Diagnosis, portal.Sealer.UnsealTranscript(stored.SealedDiagnosis!));
        }

        // The hospital's record gained the diagnosis, signed by dr-chen.
        var record = Assert.Single((await portal.AsParty("north-general").Records.RecordsAsync()), r => r.PatientId == "alice" && r.DepartmentId == "cardiology");
        Assert.Equal(2, record.Entries.Count);
        Assert.Equal(new RecordEntryView(record.Entries[1].At, "dr-chen", Diagnosis, Signed: true), record.Entries[1]);
        Assert.False(record.Entries[0].Signed);

        // The patient can see that dr-chen read her record.
        var audit = await portal.AsParty("alice").Queries.AuditForPatientAsync();
        var read = Assert.Single(audit, a => a.Action == "EMR read");
        Assert.Equal("dr-chen", read.Actor);
        Assert.Contains(visitId.ToString(), read.Subject, StringComparison.Ordinal);
        Assert.Contains("north-general", read.Subject, StringComparison.Ordinal);
        Assert.Contains(audit, a => a.Action == "Visit requested" && a.Actor == "alice");
    }

    [Fact]
    public async Task In_the_hardened_deployment_a_paper_visit_consults_but_its_EMR_search_is_refused_at_Eq_28()
    {
        var (patient, doctor) = (_portal.AsParty("alice").Visits, _portal.AsParty("dr-chen").Visits);
        var (visitId, started) = await patient.StartAsync("dr-chen", ProtocolProfile.Paper);
        AssertSucceeded(started);
        AssertSucceeded(await doctor.AcceptAsync(visitId));
        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));

        var search = await doctor.SearchRecordAsync(visitId, "cardiology");

        // The paper's Sig_D2 covers S_D (Eq. 26), which the public cloud of an escrow-free deployment never had.
        Assert.False(search.Succeeded);
        var refused = Assert.Single((await _portal.AsParty("dr-chen").Queries.EventsAsync(visitId)).OfType<VerificationView>(), c => !c.Passed);
        Assert.Equal((28, "S_D known to the public cloud (paper profile)"), (refused.Equation, refused.Check));
    }

    [Fact]
    public async Task The_filed_diagnosis_survives_a_restart_with_its_signature()
    {
        await CompleteVisitAsync(_portal);
        var before = (await _portal.AsParty("north-general").Records.RecordsAsync());

        await _portal.RestartAsync();

        var after = (await _portal.AsParty("north-general").Records.RecordsAsync());
        Assert.Equal(before.Select(r => (r.PatientId, r.DepartmentId)), after.Select(r => (r.PatientId, r.DepartmentId)));
        var alice = Assert.Single(after, r => r.PatientId == "alice");
        Assert.Equal(
            [(PortalSteps.AliceRecord, "north-general", false), (Diagnosis, "dr-chen", true)],
            alice.Entries.Select(e => (e.Text, e.Author, e.Signed)));
        await using var db = _portal.OpenDb();
        var filed = await db.EmrEntries.SingleAsync(e => e.Author == "dr-chen");
        Assert.NotNull(filed.AuthorSignature);
        Assert.Equal(("north-general", "alice", "cardiology"), (filed.HospitalId, filed.PatientId, filed.DepartmentId));
    }

    [Fact]
    public async Task A_second_search_after_restart_delivers_the_record_including_the_filed_diagnosis()
    {
        await CompleteVisitAsync(_portal);
        await _portal.RestartAsync();

        var (visitId, started) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(started);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, "HR 72 bpm"));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));

        var emr = await _portal.AsParty("dr-chen").Queries.RecoveredAsync(visitId, "M_EMR");
        Assert.NotNull(emr);
        Assert.Contains(PortalSteps.AliceRecord, emr, StringComparison.Ordinal);
        Assert.Contains("dr-chen: " + Diagnosis, emr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_doctor_can_decline_a_visit_and_the_patient_learns_why()
    {
        var (visitId, _) = await _portal.AsParty("bob").Visits.StartAsync("dr-huang");

        var refused = await _portal.AsParty("dr-huang").Visits.RefuseAsync(visitId, "Fully booked this week");

        AssertSucceeded(refused);
        var visit = await StatusAsync(_portal, visitId);
        Assert.Equal(VisitStatus.Refused, visit.Status);
        Assert.Contains("Fully booked this week", visit.Outcome, StringComparison.Ordinal);
        var events = await _portal.AsParty("bob").Queries.EventsAsync(visitId);
        Assert.Contains(events.OfType<MessageView>().SelectMany(m => m.Recovered), r => r.Name == "Reason" && r.Value == "Fully booked this week");
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(visitId));
        Assert.Equal(VisitStatus.Refused, (await StatusAsync(_portal, visitId)).Status);
    }

    [Fact]
    public async Task Searching_a_department_without_a_record_fails_the_index_check_but_keeps_the_visit()
    {
        // alice allows oncology too, so the search reaches the index (Eq. 29) rather than the scope check (Eq. 28).
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen", departments: ["cardiology", "oncology"]);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));

        var missing = await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "oncology");

        Assert.False(missing.Succeeded);
        Assert.Contains("Eq. 29", missing.Message, StringComparison.Ordinal);
        Assert.Equal(VisitStatus.Searching, (await StatusAsync(_portal, visitId)).Status);
        Assert.DoesNotContain(await _portal.AsParty("alice").Queries.AuditForPatientAsync(), a => a.Action == "EMR read");

        // The doctor can still search the right department and finish the visit.
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis));
        Assert.Equal(VisitStatus.Diagnosed, (await StatusAsync(_portal, visitId)).Status);
    }
}

public sealed class VisitFlowOnPostgresTests : VisitFlowTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
