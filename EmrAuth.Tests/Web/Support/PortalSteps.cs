using EmrAuth.Domain.Phases;

namespace EmrAuth.Tests.Web.Support;

/// <summary>The demo world's names and the clicks of a visit, for the portal service tests.</summary>
internal static class PortalSteps
{
    public const string Readings = "HR 88 bpm, BP 142/91 mmHg, SpO2 97 %, ECG: ST depression V4-V6 (smart-watch 07:42)";
    public const string Diagnosis = "Stable angina pectoris; add bisoprolol 2.5 mg daily, stress echo within 4 weeks.";
    public const string AliceRecord = "2024-03: stent placed in the LAD. Aspirin 100 mg, atorvastatin 40 mg.";
    public const string CloudAdmin = "cloud.admin";

    /// <summary>The demo account that acts for a party: a patient's own name, dr-chen → dr.chen, north-general → admin.north.</summary>
    public static string UserOf(string partyId) => partyId switch
    {
        _ when partyId.StartsWith("dr-", StringComparison.Ordinal) => partyId.Replace('-', '.'),
        "north-general" or "south-university" => $"admin.{partyId.Split('-')[0]}",
        _ => partyId,
    };

    /// <summary>The services as the demo account of <paramref name="partyId"/> sees them.</summary>
    public static PortalSession AsParty(this PortalHarness portal, string partyId) => portal.As(UserOf(partyId));

    public static PortalSession AsCloud(this PortalHarness portal) => portal.As(CloudAdmin);

    /// <summary>Start → accept → readings → search → diagnose, asserting every step succeeded; the deployment's profile unless given.</summary>
    public static async Task<Guid> CompleteVisitAsync(PortalHarness portal, string patientId = "alice", string doctorId = "dr-chen",
        string departmentId = "cardiology", string readings = Readings, string diagnosis = Diagnosis, ProtocolProfile? profile = null)
    {
        var (patient, doctor) = (portal.AsParty(patientId).Visits, portal.AsParty(doctorId).Visits);
        var (visitId, started) = await patient.StartAsync(doctorId, profile, [departmentId]);
        AssertSucceeded(started);
        AssertSucceeded(await doctor.AcceptAsync(visitId));
        AssertSucceeded(await patient.SendReadingsAsync(visitId, readings));
        AssertSucceeded(await doctor.SearchRecordAsync(visitId, departmentId));
        AssertSucceeded(await doctor.DiagnoseAsync(visitId, diagnosis));
        return visitId;
    }

    /// <summary>The hospital asks to register the patient and the patient's device approves (issue 11, finding 3).</summary>
    public static async Task AdmitAsync(PortalHarness portal, string hospitalId, string patientId)
    {
        Assert.Equal(AdmissionService.Requested, await portal.AsParty(hospitalId).Admissions.RequestAsync(patientId));
        var patient = portal.AsParty(patientId).Admissions;
        var request = (await patient.OwnRequestsAsync()).First(r => r.HospitalId == hospitalId && r.Status == AdmissionStatus.Pending);
        await patient.ApproveAsync(request.Id);
    }

    public static void AssertSucceeded(VisitActionResult result) => Assert.True(result.Succeeded, result.Message);

    public static async Task<VisitSummary> StatusAsync(PortalHarness portal, Guid visitId) =>
        await portal.AsCloud().Queries.FindAsync(visitId) ?? throw new Xunit.Sdk.XunitException($"visit {visitId} not found");
}
