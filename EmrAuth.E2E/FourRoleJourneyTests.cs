using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// The portal end to end with four people at once, each in their own browser context: a new patient signs up and is
/// approved by the cloud administrator, the hospital administrator creates the patient's record, the patient consults
/// Dr. Mei Chen, who reads the record through the EMR search and sends a diagnosis. Every open page is checked to
/// update live while another person acts. Screenshots of each area go to artifacts/screenshots/.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class FourRoleJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task Four_roles_register_a_patient_run_a_visit_and_see_each_others_actions_live()
    {
        const string patientUser = "erin";
        const string patientId = "erin";
        const string patientName = "Erin Walsh";
        const string patientPassword = "erin-password-2026";
        const string recordText = "2025-11: palpitations on exertion; Holter showed paroxysmal AF. Started apixaban 5 mg twice daily.";
        const string diagnosis = "Paroxysmal atrial fibrillation, rate controlled. Continue apixaban; add bisoprolol 2.5 mg; review in 3 months.";

        // Three staff sign in; the patient's context is still anonymous.
        var cloudPage = await Sessions.SignedInPageAsync("cloud.admin", DemoPassword, "cloud");
        var hospitalPage = await Sessions.SignedInPageAsync("admin.north", DemoPassword, "hospital");
        var doctorPage = await Sessions.SignedInPageAsync("dr.chen", DemoPassword, "doctor");
        var patientPage = await Sessions.NewPageAsync();

        var cloud = new CloudArea(cloudPage, App.BaseUrl);
        var hospital = new HospitalArea(hospitalPage, App.BaseUrl);
        var doctor = new DoctorArea(doctorPage, App.BaseUrl);
        var signUp = new SignUpPage(patientPage, App.BaseUrl);

        // 1. Registration: the cloud admin's /cloud is open while erin signs up.
        await Expect(cloud.RegistrationRows.First).ToBeVisibleAsync();
        await Expect(cloud.RegistrationRow(patientId)).ToHaveCountAsync(0);
        await MudUi.MarkDocumentAsync(cloudPage, "cloud-before-signup");

        await signUp.OpenAsync();
        await signUp.FillPatientAsync(patientUser, patientName, patientPassword, patientId, "erin-left-index-finger-template");
        await Screenshots.SaveAsync(patientPage, "signup.png");
        await signUp.SubmitAsync();
        await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "success");

        await Expect(cloud.RegistrationRow(patientId)).ToHaveAttributeAsync("data-status", "Pending");
        Assert.True(await MudUi.IsSameDocumentAsync(cloudPage, "cloud-before-signup"), "The cloud admin's page reloaded; the request should appear live.");

        await cloud.ApproveAsync(patientId);
        await Expect(cloud.ApprovalMessage).ToBeVisibleAsync();
        await Expect(cloud.ApprovalCheck("Eq. 4")).ToHaveAttributeAsync("data-passed", "true");
        await Expect(cloud.ApprovalOutcome.Locator("[data-testid='verification-row'][data-passed='false']")).ToHaveCountAsync(0);
        await Expect(cloud.RegistrationRow(patientId)).ToHaveAttributeAsync("data-status", "Approved");
        await Screenshots.SaveAsync(cloudPage, "cloud.png");

        await Expect(hospital.HospitalName).ToContainTextAsync("north-general");
        await hospital.RequestAdmissionAsync(patientId);

        // erin signs in and approves the hospital's admission request (issue 11: no record without the patient's agreement).
        var login = new LoginPage(patientPage, App.BaseUrl);
        await login.OpenAsync();
        await Expect(login.DemoAccounts).ToBeVisibleAsync();
        await Screenshots.SaveAsync(patientPage, "login.png");
        await login.SignInAsync(patientUser, patientPassword);
        await Expect(patientPage).ToHaveURLAsync(new Uri(App.BaseUrl, "patient").ToString());
        await MudUi.WaitInteractiveAsync(patientPage);
        await Expect(login.SignedInName).ToHaveTextAsync(patientName);
        var patient = new PatientArea(patientPage, App.BaseUrl);
        await Expect(patient.RegistrationStatus).ToHaveCountAsync(0);
        await Expect(patient.HospitalRequest("north-general")).ToBeVisibleAsync();
        await patient.ApproveAdmissionAsync("north-general");

        // The hospital admin creates erin's cardiology record; it is indexed with the public cloud.
        await hospital.CreateRecordAsync(patientId, "Cardiology", recordText);
        await Expect(hospital.Created).ToContainTextAsync("the public cloud accepted its index entry");
        await Expect(hospital.Entries(patientId, "cardiology")).ToHaveCountAsync(1);
        await Expect(hospital.Entries(patientId, "cardiology").First).ToContainTextAsync(recordText);

        // 2. Visit: Dr. Chen's /doctor is already open.
        await Expect(doctor.WaitingCount).ToHaveTextAsync("0");
        await MudUi.MarkDocumentAsync(doctorPage, "doctor-before-request");

        var visitId = await patient.StartVisitAsync("Dr. Mei Chen — cardiology");
        var patientVisit = new VisitPage(patientPage, App.BaseUrl);
        await patientVisit.WaitLoadedAsync();
        await patientVisit.ExpectStatusAsync("Requested");

        // The doctor's view updated live while the patient acted.
        await Expect(doctor.VisitStatus(visitId)).ToHaveAttributeAsync("data-status", "Requested");
        await Expect(doctor.VisitRow(visitId)).ToContainTextAsync(patientName);
        await Expect(doctor.WaitingCount).ToHaveTextAsync("1");
        Assert.True(await MudUi.IsSameDocumentAsync(doctorPage, "doctor-before-request"), "The doctor's page reloaded; the request should appear live.");
        await Screenshots.SaveAsync(doctorPage, "doctor.png");

        await MudUi.MarkDocumentAsync(patientPage, "patient-visit");
        await doctor.AcceptAsync(visitId);
        await Expect(doctor.VisitStatus(visitId)).ToHaveAttributeAsync("data-status", "Consulting");
        await Expect(MudUi.Snackbars(doctorPage).Last).ToContainTextAsync("Visit accepted");
        await doctor.OpenVisitAsync(visitId);
        var doctorVisit = new VisitPage(doctorPage, App.BaseUrl);
        await Expect(doctorPage).ToHaveURLAsync(new Uri(App.BaseUrl, $"visits/{visitId}").ToString());
        await doctorVisit.WaitLoadedAsync();
        await doctorVisit.ExpectStatusAsync("Consulting");
        await patientVisit.ExpectStatusAsync("Consulting");

        await MudUi.MarkDocumentAsync(doctorPage, "doctor-visit");
        await patientVisit.SendReadingsAsync(heartRate: 84, systolic: 132, diastolic: 84, spO2: 97, ecg: "irregularly irregular rhythm");
        const string readings = "HR 84 bpm; BP 132/84 mmHg; SpO2 97 %; ECG: irregularly irregular rhythm";
        await patientVisit.ExpectStatusAsync("Searching");
        await Expect(patientVisit.ReadingsText).ToHaveTextAsync(readings);

        // The doctor's open visit page shows the readings M_SD without a reload.
        await doctorVisit.ExpectStatusAsync("Searching");
        await Expect(doctorVisit.ReadingsText).ToHaveTextAsync(readings);
        Assert.True(await MudUi.IsSameDocumentAsync(doctorPage, "doctor-visit"), "The doctor's visit page reloaded; the readings should arrive live.");

        // 3. EMR search: the record erin's hospital wrote reaches the doctor.
        await doctorVisit.RunSearchAsync("Cardiology (cardiology)");
        await doctorVisit.ExpectStatusAsync("RecordRead");
        await Expect(doctorVisit.EmrText).ToContainTextAsync(recordText);
        await patientVisit.ExpectStatusAsync("RecordRead");

        // 4. Diagnosis: it reaches the patient's open page live, is filed at the hospital, and the visit completes.
        await doctorVisit.SendDiagnosisAsync(diagnosis);
        await doctorVisit.ExpectStatusAsync("Diagnosed");
        await Expect(doctorVisit.DiagnosisText).ToHaveTextAsync(diagnosis);

        await patientVisit.ExpectStatusAsync("Diagnosed");
        await Expect(patientVisit.DiagnosisText).ToHaveTextAsync(diagnosis);
        Assert.True(await MudUi.IsSameDocumentAsync(patientPage, "patient-visit"), "The patient's visit page reloaded; the diagnosis should arrive live.");

        foreach (var visit in new[] { patientVisit, doctorVisit })
        {
            await Expect(visit.Outcome).ToHaveAttributeAsync("data-state", "succeeded");
            await Expect(visit.MessageArrow("C_P1, Sig_P1, T_P1")).ToHaveAttributeAsync("data-status", "passed");
            await Expect(visit.MessageArrow("C_D5, T_D5")).ToHaveAttributeAsync("data-status", "passed");
            await Expect(visit.FailedChecks).ToHaveCountAsync(0);
            var checks = await visit.VerificationRows.CountAsync();
            Assert.True(checks > 20, $"Expected more than 20 checks on the visit page, found {checks}.");
            Assert.All(await visit.VerificationRows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.passed)"),
                passed => Assert.Equal("true", passed));
        }
        // The patient downloads the visit's evidence: one tar with the manifest and the openssl commands.
        var download = await patientPage.RunAndWaitForDownloadAsync(() => patientVisit.EvidenceDownload.ClickAsync());
        Assert.Equal($"evidence-{visitId}.tar", download.SuggestedFilename);
        var evidence = Path.Combine(RepoPaths.Artifacts, download.SuggestedFilename);
        await download.SaveAsAsync(evidence);
        var names = new List<string>();
        await using (var tar = new System.Formats.Tar.TarReader(File.OpenRead(evidence)))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                names.Add(entry.Name);
            }
        }
        Assert.Contains($"evidence-{visitId}/manifest.json", names);
        Assert.Contains($"evidence-{visitId}/verify.sh", names);
        Assert.Contains($"evidence-{visitId}/trust-document.json", names);
        // The visit ran the portal's default profile, Hardened, whose signatures are named "Sig_D3 (hardened)" and so on.
        Assert.Contains(names, n => n.Contains("-Sig_D3", StringComparison.Ordinal) && n.Contains("hardened", StringComparison.Ordinal)
            && n.EndsWith(".sig.der", StringComparison.Ordinal));

        await Screenshots.SaveAsync(patientPage, "visit-patient.png", hideToasts: true);
        await Screenshots.SaveAsync(doctorPage, "visit-doctor.png", hideToasts: true);

        // The hospital holds the diagnosis as a signed entry of erin's cardiology record.
        await hospital.OpenAsync();
        await Expect(hospital.Entries(patientId, "cardiology")).ToHaveCountAsync(2);
        await Expect(hospital.SignedEntries(patientId, "cardiology")).ToHaveCountAsync(1);
        await Expect(hospital.SignedEntries(patientId, "cardiology")).ToContainTextAsync(diagnosis);
        await Expect(hospital.SignedEntries(patientId, "cardiology")).ToContainTextAsync("signed by");
        await Screenshots.SaveAsync(hospitalPage, "hospital.png");

        // The cloud admin sees the visit completed, and the directory (which never lists patients).
        await cloud.OpenVisitsAsync();
        await Expect(cloud.VisitStatus(visitId)).ToHaveAttributeAsync("data-status", "Diagnosed");
        await Expect(cloud.VisitRow(visitId)).ToContainTextAsync(patientId);
        await Screenshots.SaveAsync(cloudPage, "cloud-visits.png");
        await cloud.OpenDirectoryAsync();
        await Expect(cloud.DirectoryRow("dr-chen")).ToBeVisibleAsync();
        await Expect(cloud.DirectoryRow(patientId)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(cloudPage, "cloud-directory.png");

        // The patient's home lists the completed visit.
        await patient.OpenAsync();
        await Expect(patient.VisitStatus(visitId)).ToHaveAttributeAsync("data-status", "Diagnosed");
        await Screenshots.SaveAsync(patientPage, "patient.png");

        AssertNoBrowserProblems();
    }

    [Fact]
    public async Task A_wrong_password_and_a_taken_identity_are_refused_with_clear_messages_and_create_nothing()
    {
        // A wrong password gets the generic message, whoever the account.
        var anonymous = await Sessions.NewPageAsync();
        var login = new LoginPage(anonymous, App.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync("alice", "not-alices-password");
        await Expect(login.Message).ToContainTextAsync("The user name or password is incorrect.");
        await Expect(login.SignedInName).ToHaveCountAsync(0);

        // Signing up with an identity that is taken ("alice", a demo patient) gets the one "not available" answer (it does
        // not say that the patient exists) and creates nothing.
        var cloudPage = await Sessions.SignedInPageAsync("cloud.admin", DemoPassword, "cloud");
        var cloud = new CloudArea(cloudPage, App.BaseUrl);
        await Expect(cloud.RegistrationRow("alice")).ToHaveCountAsync(1);
        var registrationsBefore = await cloud.RegistrationRows.CountAsync();
        var pendingBefore = await cloud.PendingCount.InnerTextAsync();

        var signUp = new SignUpPage(anonymous, App.BaseUrl);
        await signUp.OpenAsync();
        await signUp.FillPatientAsync("alice.again", "Alice Again", "alice-again-password", "alice", "another-fingerprint-template");
        await signUp.SubmitAsync();
        await Expect(signUp.Message).ToHaveTextAsync("That user name or identity is not available. Please choose another.");
        await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "error");
        await Expect(signUp.IdentityError).ToHaveCountAsync(0);
        await Expect(signUp.Submit).ToBeEnabledAsync();

        // Nothing was created: no second request for alice, and the new user name cannot sign in.
        await cloud.OpenRegistrationsAsync();
        await Expect(cloud.RegistrationRow("alice")).ToHaveCountAsync(1);
        await Expect(cloud.RegistrationRows).ToHaveCountAsync(registrationsBefore);
        await Expect(cloud.PendingCount).ToHaveTextAsync(pendingBefore);

        await login.OpenAsync();
        await login.SignInAsync("alice.again", "alice-again-password");
        await Expect(login.Message).ToContainTextAsync("The user name or password is incorrect.");

        AssertNoBrowserProblems();
    }
}
