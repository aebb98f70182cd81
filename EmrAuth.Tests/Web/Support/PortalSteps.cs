using EmrAuth.Domain.Phases;

namespace EmrAuth.Tests.Web.Support;

/// <summary>The demo world's names and the clicks of a visit, for the portal service tests.</summary>
internal static class PortalSteps
{
    public const string Readings = "HR 88 bpm, BP 142/91 mmHg, SpO2 97 %, ECG: ST depression V4-V6 (smart-watch 07:42)";
    public const string Diagnosis = "Stable angina pectoris; add bisoprolol 2.5 mg daily, stress echo within 4 weeks.";
    public const string AliceRecord = "2024-03: stent placed in the LAD. Aspirin 100 mg, atorvastatin 40 mg.";

    public static Viewer PatientViewer(string id) => new(Roles.Patient, id);

    public static Viewer DoctorViewer(string id) => new(Roles.Doctor, id);

    public static Viewer HospitalViewer(string id) => new(Roles.HospitalAdmin, id);

    public static readonly Viewer CloudViewer = new(Roles.CloudAdmin, null);

    /// <summary>Start → accept → readings → search → diagnose, asserting every step succeeded.</summary>
    public static async Task<Guid> CompleteVisitAsync(PortalHarness portal, string patientId = "alice", string doctorId = "dr-chen",
        string departmentId = "cardiology", string readings = Readings, string diagnosis = Diagnosis, ProtocolProfile profile = ProtocolProfile.Paper)
    {
        var (visitId, started) = await portal.Visits.StartAsync(patientId, doctorId, profile);
        AssertSucceeded(started);
        AssertSucceeded(await portal.Visits.AcceptAsync(visitId, doctorId));
        AssertSucceeded(await portal.Visits.SendReadingsAsync(visitId, patientId, readings));
        AssertSucceeded(await portal.Visits.SearchRecordAsync(visitId, doctorId, departmentId));
        AssertSucceeded(await portal.Visits.DiagnoseAsync(visitId, doctorId, diagnosis));
        return visitId;
    }

    public static void AssertSucceeded(VisitActionResult result) => Assert.True(result.Succeeded, result.Message);

    public static async Task<VisitSummary> StatusAsync(PortalHarness portal, Guid visitId) =>
        await portal.Queries.FindAsync(visitId, CloudViewer) ?? throw new Xunit.Sdk.XunitException($"visit {visitId} not found");
}
