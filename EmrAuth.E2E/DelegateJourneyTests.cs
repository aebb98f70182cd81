using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 14, item 3, in the browser: alice names bob her guardian; bob starts a visit for alice (her device's side runs
/// after the public cloud checked the delegation) and sends her readings from the visit page; alice's access log shows
/// it "on behalf of" her; bob also opens alice's consent grants (ManageGrants). Bob's own home lists the visit "for
/// alice" until alice revokes (alice's page shows Delegation_P and Revocation_G with the public cloud's checks): then it leaves his list at once and the visit page refuses him.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DelegateJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task A_delegate_starts_a_visit_for_a_patient_and_it_shows_on_behalf_of_the_patient()
    {
        var alicePage = await Sessions.SignedInPageAsync("alice", DemoPassword, "patient");
        var alice = new DelegatesArea(alicePage, App.BaseUrl);
        await alice.OpenAsync();
        await alice.NameAsync("bob", "StartVisits", "ReadDiagnoses", "ManageGrants");
        await Expect(alice.Delegation("bob")).ToHaveAttributeAsync("data-active", "true");
        await Expect(alice.StatementCheck("Delegation (patient-signed)")).ToHaveAttributeAsync("data-passed", "true");
        await Screenshots.SaveAsync(alicePage, "patient-delegates.png", hideToasts: true);

        var bobPage = await Sessions.SignedInPageAsync("bob", DemoPassword, "patient");
        var bob = new DelegatesArea(bobPage, App.BaseUrl);
        await bob.OpenAsync();
        await Expect(bob.ActingFor("alice")).ToBeVisibleAsync();
        var visitId = await new PatientArea(bobPage, App.BaseUrl).StartVisitAsync("Dr. Mei Chen — cardiology");
        var bobVisit = new VisitPage(bobPage, App.BaseUrl);
        await bobVisit.WaitLoadedAsync();
        await Expect(bobVisit.VerificationRows.Filter(new() { HasText = "Delegation (patient-signed)" }).First).ToHaveAttributeAsync("data-passed", "true");

        var doctorVisit = new VisitPage(await Sessions.SignedInPageAsync("dr.chen", DemoPassword, "doctor"), App.BaseUrl);
        await doctorVisit.OpenAsync(visitId);
        await doctorVisit.AcceptAsync();
        await bobVisit.ExpectStatusAsync("Consulting");
        await Screenshots.SaveAsync(bobPage, "delegate-visit.png", hideToasts: true);
        await bobVisit.SendReadingsAsync(88, 142, 91, 97, "ST depression V4-V6");
        await bobVisit.ExpectStatusAsync("Searching");

        var aliceArea = new PatientArea(alicePage, App.BaseUrl);
        await aliceArea.OpenRecordsAccessAsync();
        await Expect(aliceArea.AccessRows.Filter(new() { HasText = "bob on behalf of alice" }).First).ToBeVisibleAsync();

        // ManageGrants: bob opens alice's consent page from his Delegates page; the consent service lets him in.
        await bob.OpenAsync();
        await bobPage.GetByTestId("manage-grants-alice").ClickAsync();
        await Expect(bobPage.GetByTestId("acting-for")).ToBeVisibleAsync();
        await Expect(bobPage.GetByTestId("consent-page")).ToHaveAttributeAsync("data-interactive", "true");

        var bobHome = new PatientArea(bobPage, App.BaseUrl);
        await bobHome.OpenAsync();
        await Expect(bobHome.VisitRow(visitId).GetByTestId("visit-row-for")).ToHaveTextAsync("for alice (StartVisits, ReadDiagnoses, ManageGrants)");
        await Screenshots.SaveAsync(bobPage, "delegate-visit-list.png", hideToasts: true);
        await alice.OpenAsync();
        await alicePage.GetByTestId("revoke-bob").ClickAsync();
        await Expect(alice.Delegation("bob")).ToHaveAttributeAsync("data-active", "false");
        await Expect(alice.StatementCheck("Delegation revocation (patient-signed)")).ToHaveAttributeAsync("data-passed", "true");
        await Expect(bobHome.VisitRow(visitId)).ToHaveCountAsync(0);
        await bobHome.OpenAsync();
        await Expect(bobHome.VisitRow(visitId)).ToHaveCountAsync(0);
        await bobPage.GotoAsync(new Uri(App.BaseUrl, $"visits/{visitId}").ToString());
        await Expect(bobVisit.Root).ToContainTextAsync("This visit is not yours.");
        AssertNoBrowserProblems();
    }
}
