using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Cluster;

/// <summary>
/// Issue 13: two portal instances on one PostgreSQL database. The patient's browser uses instance A; the doctor, the
/// hospital administrator and the cloud administrator use instance B. The four-role journey of
/// <see cref="FourRoleJourneyTests"/> runs to the filed diagnosis, and every step one side takes appears on the other
/// side's open page without a reload, although the two pages are served by different processes. And nginx with
/// deploy/nginx.conf in front of both keeps a browser on one instance, its circuit's WebSocket included.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class TwoInstanceTests(PortalCluster cluster, BrowserFixture browser)
    : ClusterJourney(cluster, browser), IClassFixture<PortalCluster>
{
    [Fact]
    public async Task A_patient_on_instance_A_and_staff_on_instance_B_run_a_visit_to_the_filed_diagnosis_seeing_each_other_live()
    {
        const string patientId = "fay";
        const string patientName = "Fay Moreau";
        const string patientPassword = "fay-password-2026";
        const string recordText = "2026-02: chest pain on exertion; stress test positive. Started aspirin 100 mg.";
        const string diagnosis = "Stable angina. Continue aspirin; add atorvastatin 40 mg; coronary CT within 4 weeks.";
        var (a, b) = (Cluster.A.BaseUrl, Cluster.B.BaseUrl);

        var cloudPage = await OnB.SignedInPageAsync("cloud.admin", DemoPassword, "cloud");
        var hospitalPage = await OnB.SignedInPageAsync("admin.north", DemoPassword, "hospital");
        var doctorPage = await OnB.SignedInPageAsync("dr.chen", DemoPassword, "doctor");
        var patientPage = await OnA.NewPageAsync();
        var cloud = new CloudArea(cloudPage, b);
        var hospital = new HospitalArea(hospitalPage, b);
        var doctor = new DoctorArea(doctorPage, b);

        // 1. The patient signs up on A; the cloud administrator's page on B shows the request live, and B approves it.
        await Expect(cloud.RegistrationRows.First).ToBeVisibleAsync();
        await MudUi.MarkDocumentAsync(cloudPage, "cloud");
        var signUp = new SignUpPage(patientPage, a);
        await signUp.OpenAsync();
        await signUp.FillPatientAsync(patientId, patientName, patientPassword, patientId, "fay-right-thumb-template");
        await signUp.SubmitAsync();
        await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "success");
        await Expect(cloud.RegistrationRow(patientId)).ToHaveAttributeAsync("data-status", "Pending");
        Assert.True(await MudUi.IsSameDocumentAsync(cloudPage, "cloud"), "The cloud admin's page (B) reloaded; A's sign-up should appear live.");
        await cloud.ApproveAsync(patientId);
        await Expect(cloud.RegistrationRow(patientId)).ToHaveAttributeAsync("data-status", "Approved");

        // 2. The hospital (B) asks to admit her; signed in on A she sees the request appear live and approves it.
        var login = new LoginPage(patientPage, a);
        await login.OpenAsync();
        await login.SignInAsync(patientId, patientPassword);
        await Expect(patientPage).ToHaveURLAsync(new Uri(a, "patient").ToString());
        await MudUi.WaitInteractiveAsync(patientPage);
        var patient = new PatientArea(patientPage, a);
        await MudUi.MarkDocumentAsync(patientPage, "patient-home");
        await hospital.RequestAdmissionAsync(patientId);
        await Expect(patient.HospitalRequest("north-general")).ToBeVisibleAsync();
        Assert.True(await MudUi.IsSameDocumentAsync(patientPage, "patient-home"), "The patient's page (A) reloaded; B's admission request should appear live.");
        await patient.ApproveAdmissionAsync("north-general");
        await hospital.CreateRecordAsync(patientId, "Cardiology", recordText);
        await Expect(hospital.Created).ToContainTextAsync("the public cloud accepted its index entry");

        // 3. The visit: started on A, seen live and accepted on B, the acceptance seen live on A.
        await MudUi.MarkDocumentAsync(doctorPage, "doctor-home");
        var visitId = await patient.StartVisitAsync("Dr. Mei Chen — cardiology");
        var patientVisit = new VisitPage(patientPage, a);
        await patientVisit.WaitLoadedAsync();
        await MudUi.MarkDocumentAsync(patientPage, "patient-visit");
        await Expect(doctor.VisitStatus(visitId)).ToHaveAttributeAsync("data-status", "Requested");
        Assert.True(await MudUi.IsSameDocumentAsync(doctorPage, "doctor-home"), "The doctor's page (B) reloaded; A's request should appear live.");
        await doctor.AcceptAsync(visitId);
        await patientVisit.ExpectStatusAsync("Consulting");
        await doctor.OpenVisitAsync(visitId);
        var doctorVisit = new VisitPage(doctorPage, b);
        await doctorVisit.WaitLoadedAsync();
        await MudUi.MarkDocumentAsync(doctorPage, "doctor-visit");

        // 4. Readings sent on A reach the doctor's page on B; the search and the diagnosis on B reach the patient on A.
        await patientVisit.SendReadingsAsync(heartRate: 78, systolic: 128, diastolic: 82, spO2: 98, ecg: "sinus rhythm");
        const string readings = "HR 78 bpm; BP 128/82 mmHg; SpO2 98 %; ECG: sinus rhythm";
        await Expect(doctorVisit.ReadingsText).ToHaveTextAsync(readings);
        await doctorVisit.RunSearchAsync("Cardiology (cardiology)");
        await Expect(doctorVisit.EmrText).ToContainTextAsync(recordText);
        await patientVisit.ExpectStatusAsync("RecordRead");
        await doctorVisit.SendDiagnosisAsync(diagnosis);
        await patientVisit.ExpectStatusAsync("Diagnosed");
        await Expect(patientVisit.DiagnosisText).ToHaveTextAsync(diagnosis);
        Assert.True(await MudUi.IsSameDocumentAsync(patientPage, "patient-visit"), "The patient's visit page (A) reloaded; B's steps should arrive live.");
        Assert.True(await MudUi.IsSameDocumentAsync(doctorPage, "doctor-visit"), "The doctor's visit page (B) reloaded; A's readings should arrive live.");
        foreach (var visit in new[] { patientVisit, doctorVisit })
        {
            await Expect(visit.Outcome).ToHaveAttributeAsync("data-state", "succeeded");
            await Expect(visit.FailedChecks).ToHaveCountAsync(0);
        }

        // 5. Filed once at the hospital: her record holds the first entry and the signed diagnosis, nothing twice.
        await hospital.OpenAsync();
        await Expect(hospital.Entries(patientId, "cardiology")).ToHaveCountAsync(2);
        await Expect(hospital.SignedEntries(patientId, "cardiology")).ToContainTextAsync(diagnosis);
        Assert.Equal(2, await Cluster.ScalarAsync($"SELECT count(*) FROM \"EmrEntries\" WHERE \"PatientId\" = '{patientId}'"));
        AssertNoBrowserProblems();
    }

    [Fact]
    public async Task Through_nginx_a_browser_stays_on_one_instance_and_its_circuit_runs_over_the_proxied_WebSocket()
    {
        await using var nginx = await NginxProxy.StartAsync(Cluster.A.BaseUrl, Cluster.B.BaseUrl);
        await using (var viaProxy = new BrowserSessions(Browser, nginx.BaseUrl, ExpectTimeoutMs))
        {
            // Signed in and interactive: the page, the sign-in POST, the circuit's negotiation and WebSocket all went through nginx.
            var page = await viaProxy.SignedInPageAsync("bob", DemoPassword, "patient");
            await Expect(new PatientArea(page, nginx.BaseUrl).Home).ToBeVisibleAsync();
            Assert.Empty(viaProxy.Problems);
        }

        // nginx logs a WebSocket when it closes: the contexts are closed above, so wait for its line.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!nginx.AccessLog.Contains(" 101 ", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        // The first line is NginxProxy's own readiness probe; every later one is the browser's, routed by its emrauth_node cookie.
        var lines = nginx.AccessLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Single(lines, line => line.Contains("/_blazor?id=", StringComparison.Ordinal) && line.Contains(" 101 ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("POST /account/login", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("POST /_blazor/negotiate", StringComparison.Ordinal));
        var upstreams = lines.Select(line => Field(line, "upstream")).Distinct().ToList();
        Assert.True(upstreams.Count == 1, $"One browser was served by {string.Join(", ", upstreams)}:\n{nginx.AccessLog}");
        Assert.Contains(upstreams[0], new[] { Cluster.A.BaseUrl.Authority, Cluster.B.BaseUrl.Authority });
        // The first request's key (its request id) came back as the cookie, so one key routed every request.
        Assert.Single(lines.Select(line => Field(line, "node")).Distinct());
    }

    private static string Field(string line, string name) => line.Split($" {name}=")[1].Split(' ')[0];
}