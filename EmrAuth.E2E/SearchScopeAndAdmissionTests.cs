using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 11, findings 2 and 3, in the browser: the patient chooses which departments a visit may search and the
/// doctor is offered only those; a hospital cannot plant a record for another hospital's patient, and its forms
/// answer alike whether the patient id exists or not.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SearchScopeAndAdmissionTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task The_patient_must_choose_the_scope_and_the_doctor_is_offered_only_those_departments()
    {
        var patientPage = await Sessions.SignedInPageAsync("carol", DemoPassword, "patient");
        var patient = new PatientArea(patientPage, App.BaseUrl);

        await MudUi.SelectAsync(patient.DoctorSelect, "Dr. Wei Huang — neurology");
        await patient.StartVisitButton.ClickAsync();
        await Expect(patient.ScopeError).ToHaveTextAsync("Choose at least one department whose records this visit may search.");
        await Expect(patientPage).ToHaveURLAsync(new Uri(App.BaseUrl, "patient").ToString());

        var visitId = await patient.StartVisitAsync("Dr. Wei Huang — neurology", "neurology");
        var patientVisit = new VisitPage(patientPage, App.BaseUrl);
        await patientVisit.WaitLoadedAsync();

        var doctorPage = await Sessions.SignedInPageAsync("dr.huang", DemoPassword, "doctor");
        var doctorVisit = new VisitPage(doctorPage, App.BaseUrl);
        await doctorVisit.OpenAsync(visitId);
        await doctorVisit.AcceptAsync();
        await patientVisit.ExpectStatusAsync("Consulting");
        await patientVisit.SendReadingsAsync(heartRate: 70, systolic: 120, diastolic: 80, spO2: 98, ecg: "sinus rhythm");
        await doctorVisit.ExpectStatusAsync("Searching");

        await doctorVisit.DepartmentSelect.ClickAsync();
        var options = doctorPage.Locator(".mud-popover-open .mud-list-item");
        await Expect(options).ToHaveTextAsync(["Neurology (neurology)"]);
        // The scope the patient signed is in the protocol view: the doctor checked Sig_PS at Eq. 15.
        await doctorPage.Keyboard.PressAsync("Escape");
        await Expect(doctorVisit.VerificationRows.Filter(new() { HasText = "Search scope (patient-signed)" }).First).ToHaveAttributeAsync("data-passed", "true");
    }

    [Fact]
    public async Task A_hospital_cannot_plant_a_record_and_learns_nothing_about_who_exists()
    {
        const string refusal = "Admission agreement (patient-signed): no agreement of this patient allows a new record here. Send an admission request; the patient decides.";
        var page = await Sessions.SignedInPageAsync("admin.south", DemoPassword, "hospital");
        var hospital = new HospitalArea(page, App.BaseUrl);

        // Planting: alice is north-general's patient and never agreed to south-university.
        await hospital.CreateRecordAsync("alice", "Oncology", "Planted record.");
        await Expect(MudUi.FieldError(hospital.NewRecordPatient)).ToHaveTextAsync(refusal);
        await Expect(hospital.RecordRow("alice", "oncology")).ToHaveCountAsync(0);

        // The same words for an id nobody has.
        await hospital.OpenAsync();
        await hospital.CreateRecordAsync("nobody-here", "Oncology", "Planted record.");
        await Expect(MudUi.FieldError(hospital.NewRecordPatient)).ToHaveTextAsync(refusal);

        // Admission requests: a real patient and an unknown id get the same answer and both stay pending.
        await hospital.RequestAdmissionAsync("bob");
        var toReal = await hospital.AdmissionSent.TextContentAsync();
        await hospital.RequestAdmissionAsync("nobody-here");
        await Expect(hospital.AdmissionSent).ToHaveTextAsync(toReal!);
        await Expect(hospital.AdmissionRow("bob")).ToContainTextAsync("Pending");
        await Expect(hospital.AdmissionRow("nobody-here")).ToContainTextAsync("Pending");
    }
}
