using System.Text.RegularExpressions;
using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Cluster;

/// <summary>
/// Issue 13: losing an instance in the middle of a visit loses nothing. The doctor accepts alice's visit on instance B,
/// B is killed with SIGKILL, and the doctor carries on from a browser on instance A. The visit either continues to the
/// filed diagnosis (what the portal aims for: its state is sealed in the database between steps) or ends
/// "Interrupted" with a message; either way nothing is filed twice or half, and the audit chain verifies.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class FailoverTests(PortalCluster cluster, BrowserFixture browser, ITestOutputHelper output)
    : ClusterJourney(cluster, browser), IClassFixture<PortalCluster>
{
    [Fact]
    public async Task After_the_instance_that_served_the_last_step_is_killed_the_visit_continues_on_the_other_or_ends_cleanly()
    {
        const string diagnosis = "In-stent restenosis excluded; continue dual therapy for 6 more months.";
        var (a, b) = (Cluster.A.BaseUrl, Cluster.B.BaseUrl);
        const string entries = "SELECT count(*) FROM \"EmrEntries\" WHERE \"PatientId\" = 'alice' AND \"DepartmentId\" = 'cardiology'";
        var entriesBefore = await Cluster.ScalarAsync(entries);

        var patientPage = await OnA.SignedInPageAsync("alice", DemoPassword, "patient");
        var doctorOnB = await OnB.SignedInPageAsync("dr.chen", DemoPassword, "doctor");
        var visitId = await new PatientArea(patientPage, a).StartVisitAsync("Dr. Mei Chen — cardiology");
        var patientVisit = new VisitPage(patientPage, a);
        await patientVisit.WaitLoadedAsync();
        var doctorB = new DoctorArea(doctorOnB, b);
        await Expect(doctorB.VisitStatus(visitId)).ToHaveAttributeAsync("data-status", "Requested");
        await doctorB.AcceptAsync(visitId);
        await patientVisit.ExpectStatusAsync("Consulting");

        // B served the last step (the acceptance, C_D2… sealed as the doctor's side of the session). Now it dies.
        Cluster.B.Kill();

        var doctorOnA = await OnA.SignedInPageAsync("dr.chen", DemoPassword, "doctor");
        var doctorVisit = new VisitPage(doctorOnA, a);
        await doctorVisit.OpenAsync(visitId);
        await patientVisit.SendReadingsAsync(heartRate: 72, systolic: 124, diastolic: 80, spO2: 98, ecg: "sinus rhythm");
        await Expect(patientVisit.Status).ToHaveAttributeAsync("data-status", new Regex("^(Searching|Interrupted)$"));
        var continued = await patientVisit.Status.GetAttributeAsync("data-status") == "Searching";
        output.WriteLine(continued ? "The visit continued on instance A." : "The visit ended interrupted.");
        if (continued)
        {
            await doctorVisit.ExpectStatusAsync("Searching");
            await doctorVisit.RunSearchAsync("Cardiology (cardiology)");
            await doctorVisit.ExpectStatusAsync("RecordRead");
            await doctorVisit.SendDiagnosisAsync(diagnosis);
            await patientVisit.ExpectStatusAsync("Diagnosed");
            await Expect(patientVisit.DiagnosisText).ToHaveTextAsync(diagnosis);
            await Expect(patientVisit.Outcome).ToHaveAttributeAsync("data-state", "succeeded");
        }
        else
        {
            // Cleanly: both sides say so and say why, rather than hang or show a half-done step.
            await doctorVisit.ExpectStatusAsync("Interrupted");
            await Expect(patientVisit.Outcome).Not.ToBeEmptyAsync();
        }

        // Nothing lost, nothing twice: one visit row in its final state, the diagnosis filed once or not at all.
        Assert.Equal(1, await Cluster.ScalarAsync($"SELECT count(*) FROM \"Visits\" WHERE \"Id\" = '{visitId}'"));
        Assert.Equal(entriesBefore + (continued ? 1 : 0), await Cluster.ScalarAsync(entries));

        // The audit chain, written by both processes and cut by the kill, verifies (the cloud administrator's check, on A).
        var cloudPage = await OnA.SignedInPageAsync("cloud.admin", DemoPassword, "cloud");
        var audit = new AuditPage(cloudPage, a);
        await audit.OpenAsync();
        await MudUi.WaitInteractiveAsync(cloudPage);
        await audit.Verify.ClickAsync();
        await Expect(audit.Result).ToHaveAttributeAsync("data-intact", "true");

        // Only the dead instance's page may have complained (its circuit lost its server).
        AssertNoBrowserProblems(problem => problem.Contains(b.Authority, StringComparison.Ordinal));
    }
}
