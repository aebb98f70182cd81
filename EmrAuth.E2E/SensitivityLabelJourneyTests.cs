using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 14, item 4, in the browser: Dr. Huang files bob's diagnosis as restricted (a signed Label_S, checked by the
/// hospital), the hospital admin sees the badge, and the next search releases it only when bob names restricted entries.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SensitivityLabelJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    private const string Doctor = "Dr. Wei Huang — neurology";
    private const string Restricted = "Panic disorder; CBT referral, sertraline 50 mg.";

    [Fact]
    public async Task A_restricted_diagnosis_is_badged_and_withheld_unless_the_patient_names_restricted_entries()
    {
        var patientPage = await Sessions.SignedInPageAsync("bob", DemoPassword, "patient");
        var doctorPage = await Sessions.SignedInPageAsync("dr.huang", DemoPassword, "doctor");
        var doctorVisit = new VisitPage(doctorPage, App.BaseUrl);

        await ReachSearchAsync(patientPage, doctorVisit, includeRestricted: false);
        await doctorVisit.DiagnosisRestricted.CheckAsync();
        await doctorVisit.SendDiagnosisAsync(Restricted);
        await doctorVisit.ExpectStatusAsync("Diagnosed");
        await Expect(doctorVisit.VerificationRows.Filter(new() { HasText = "Sensitivity label (signed)" }).First).ToHaveAttributeAsync("data-passed", "true");

        var hospitalPage = await Sessions.SignedInPageAsync("admin.north", DemoPassword, "hospital");
        await Expect(new HospitalArea(hospitalPage, App.BaseUrl).RestrictedBadges("bob", "neurology")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(hospitalPage, "hospital-restricted-entry.png", hideToasts: true);

        await ReachSearchAsync(patientPage, doctorVisit, includeRestricted: false);
        await Expect(doctorVisit.EmrText).ToContainTextAsync("1 restricted entry withheld");
        await Expect(doctorVisit.EmrText).Not.ToContainTextAsync(Restricted);
        await Expect(doctorVisit.VerificationRows.Filter(new() { HasText = "Restricted entries (release filter)" }).First).ToContainTextAsync("withheld");

        await ReachSearchAsync(patientPage, doctorVisit, includeRestricted: true);
        await Expect(doctorVisit.EmrText).ToContainTextAsync(Restricted);
        await Screenshots.SaveAsync(doctorPage, "visit-restricted-released.png", hideToasts: true);
        AssertNoBrowserProblems();
    }

    /// <summary>bob starts a neurology visit (naming restricted entries or not), Dr. Huang accepts, readings, EMR search.</summary>
    private async Task ReachSearchAsync(Microsoft.Playwright.IPage patientPage, VisitPage doctorVisit, bool includeRestricted)
    {
        var patient = new PatientArea(patientPage, App.BaseUrl);
        await patient.OpenAsync();
        if (includeRestricted)
        {
            await patient.IncludeRestricted.CheckAsync();
        }
        var visitId = await patient.StartVisitAsync(Doctor);
        var patientVisit = new VisitPage(patientPage, App.BaseUrl);
        await patientVisit.WaitLoadedAsync();
        await doctorVisit.OpenAsync(visitId);
        await doctorVisit.AcceptAsync();
        await patientVisit.ExpectStatusAsync("Consulting");
        await patientVisit.SendReadingsAsync(heartRate: 72, systolic: 118, diastolic: 76, spO2: 98, ecg: "sinus rhythm");
        await doctorVisit.ExpectStatusAsync("Searching");
        await doctorVisit.RunSearchAsync("Neurology (neurology)");
        await doctorVisit.ExpectStatusAsync("RecordRead");
    }
}
