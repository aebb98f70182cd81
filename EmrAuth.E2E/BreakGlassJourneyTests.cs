using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 14's break-glass journey: a doctor opens bob's record in an emergency without bob's device, bob sees the access
/// flagged in "Who read my records", and North General's administrator reviews it after reading its transcript (every
/// check; the record withheld).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class BreakGlassJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task A_doctor_breaks_the_glass_the_patient_sees_it_flagged_and_the_hospital_reviews_it()
    {
        var doctor = await BreakGlassPages.OpenAsAsync(Sessions, App.BaseUrl, "dr.huang", DemoPassword, "doctor", "doctor/emergency");
        await doctor.BreakTheGlassForBobAsync();

        await Expect(doctor.Outcome).ToContainTextAsync("north-general released the record to you");
        await Expect(doctor.Record).ToContainTextAsync("migraine with aura");
        await Expect(doctor.VerificationRows.Filter(new() { HasText = "Break-glass emergency's hospital" }).First).ToHaveAttributeAsync("data-passed", "true");
        await Expect(doctor.TimeLeft.First).ToContainTextAsync("left");
        await Screenshots.SaveAsync(doctor.Page, "doctor-emergency-access.png", hideToasts: true);

        var patientPage = await Sessions.SignedInPageAsync("bob", DemoPassword, "patient");
        await patientPage.GotoAsync(new Uri(App.BaseUrl, "patient/records-access").ToString());
        await MudUi.WaitInteractiveAsync(patientPage);
        await Expect(patientPage.GetByTestId("break-glass-flag").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(patientPage, "patient-break-glass-flag.png", hideToasts: true);

        var admin = await BreakGlassPages.OpenAsAsync(Sessions, App.BaseUrl, "admin.north", DemoPassword, "hospital", "hospital/break-glass");
        await admin.OpenTranscriptAsync("dr-huang", "C_BG3");
        var transcript = admin.Transcript("dr-huang");
        foreach (var check in new[] { "Cert_D legal", "Break-glass time box", "Break-glass emergency's hospital", "Verify Sig_HBG with PUK_HPC" })
        {
            await Expect(transcript.GetByTestId("verification-row").Filter(new() { HasText = check }).First).ToHaveAttributeAsync("data-passed", "true");
        }
        await Expect(transcript.Locator("[data-testid='recovered-value'][data-name='M_EMR']")).ToContainTextAsync("withheld: EMR plaintext, seen only by the doctor");
        await Expect(admin.Page.GetByText("migraine with aura")).ToHaveCountAsync(0);
        await admin.ReviewAsync("dr-huang", justified: true, "Seizure patient brought in unconscious: justified.");
        await Expect(admin.Review("dr-huang").GetByTestId("bg-review-done").First).ToContainTextAsync("Justified by admin.north");
        await Screenshots.SaveAsync(admin.Page, "hospital-break-glass-reviews.png", hideToasts: true);

        var cloud = await BreakGlassPages.OpenAsAsync(Sessions, App.BaseUrl, "cloud.admin", DemoPassword, "cloud", "cloud/break-glass");
        await Expect(cloud.OverdueEmpty).ToBeVisibleAsync();
        AssertNoBrowserProblems();
    }
}
