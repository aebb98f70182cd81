using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 14, consent grants in the browser: Dan grants Dr. Deng treatment access to his oncology record; the doctor
/// searches under the grant outside any visit and reads the record; Dan sees the use and revokes the grant; the
/// doctor's next search is refused at the grant check, and the page names the check. Screenshots of both pages go to
/// artifacts/screenshots/ (patient-consent.png, doctor-grant-search.png).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ConsentJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task A_patient_grants_the_doctor_reads_the_patient_revokes_and_the_next_search_is_refused_at_the_grant_check()
    {
        var patientPage = await Sessions.SignedInPageAsync("dan", DemoPassword, "patient");
        var consent = new ConsentPage(patientPage, App.BaseUrl);
        await consent.OpenAsync();
        await consent.GrantDoctorAsync("Dr. Li Deng — oncology", "oncology", DateTime.UtcNow.Date.AddDays(14));
        var grant = consent.Grant("dr-deng");
        await Expect(grant.GetByTestId("grant-status")).ToHaveTextAsync("Active");

        var doctorPage = await Sessions.SignedInPageAsync("dr.deng", DemoPassword, "doctor");
        var search = new GrantSearchPage(doctorPage, App.BaseUrl);
        await search.OpenAsync();
        await search.SearchAsync("dan");
        await Expect(search.Record).ToContainTextAsync("colon cancer");
        await Expect(search.MessageArrows).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(doctorPage, "doctor-grant-search.png", hideToasts: true);

        // The use appears on the patient's page as it happens.
        await Expect(grant.GetByTestId("grant-use")).ToHaveCountAsync(1);
        await Expect(grant.GetByTestId("grant-use")).ToHaveAttributeAsync("data-succeeded", "true");
        await consent.RevokeAsync(grant);
        await Expect(grant.GetByTestId("grant-status")).ToHaveTextAsync("Revoked");

        await search.SearchAsync("dan");
        await Expect(search.Result).ToHaveAttributeAsync("data-succeeded", "false");
        await Expect(search.FailedCheck).ToHaveTextAsync("Consent grant not revoked");
        await Expect(search.FailedReason).ToContainTextAsync("the patient revoked this grant");
        await Expect(search.Record).ToHaveCountAsync(0);
        await Expect(grant.GetByTestId("grant-use").First).ToHaveAttributeAsync("data-succeeded", "false");
        await Screenshots.SaveAsync(patientPage, "patient-consent.png", hideToasts: true);
    }
}
