using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// The patient's pages at phone size (390×844): nothing scrolls sideways, the navigation drawer starts closed, and a
/// visit can be started from the phone. Uses Dr. Li Deng so that the journeys' counts for Dr. Chen stay untouched.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PatientPhoneTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task At_phone_width_the_patient_starts_a_visit_without_sideways_scrolling()
    {
        var signUpPage = await Sessions.NewPageAsync(Phone);
        await new SignUpPage(signUpPage, App.BaseUrl).OpenAsync();
        Assert.True(await MudUi.FitsWidthAsync(signUpPage), "The sign-up page scrolls sideways at 390 px.");
        await Screenshots.SaveAsync(signUpPage, "signup-phone.png");

        var page = await Sessions.SignedInPageAsync("alice", DemoPassword, "patient", Phone);
        var patient = new PatientArea(page, App.BaseUrl);
        await Expect(page.GetByTestId("main-nav")).Not.ToBeInViewportAsync();
        Assert.True(await MudUi.FitsWidthAsync(page), "The patient's home scrolls sideways at 390 px.");

        // The form refuses to start without a doctor and says so under the field, then starts with one.
        await patient.StartVisitButton.ClickAsync();
        await Expect(patient.DoctorError).ToHaveTextAsync("Choose a doctor from the directory.");
        await Expect(patient.StartVisitButton).ToBeInViewportAsync();
        var visitId = await patient.StartVisitAsync("Dr. Li Deng — oncology");

        await patient.OpenAsync();
        await Expect(patient.VisitRow(visitId)).ToBeVisibleAsync();
        Assert.True(await MudUi.FitsWidthAsync(page), "The patient's visit list scrolls sideways at 390 px.");
        await Screenshots.SaveAsync(page, "patient-phone.png");

        await patient.OpenRecordsAccessAsync();
        await Expect(patient.AccessRows.First).ToBeVisibleAsync();
        Assert.True(await MudUi.FitsWidthAsync(page), "Who read my records scrolls sideways at 390 px.");
        await Screenshots.SaveAsync(page, "records-access-phone.png");

        AssertNoBrowserProblems();
    }
}
