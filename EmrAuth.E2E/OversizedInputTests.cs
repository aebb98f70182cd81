using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 11, finding 7, in Chromium: a text field never takes more than its limit from an honest browser (MaxLength),
/// and a 31 KB value from a client that ignores the limit gets the field's own message from the server while the
/// page's connection stays up (it used to exceed SignalR's 32 KB message limit, drop the circuit and then say "This
/// field is required"). The same for a 20 KB ECG reading in a running visit's readings form.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class OversizedInputTests(WebAppFixture app, BrowserFixture browser)
{
    private const string DemoPassword = "emrauth-demo-2026";
    private static readonly string ThirtyOneKilobytes = new('x', 31 * 1024);
    private static readonly string TwentyKilobytes = new('e', 20_000);

    [Fact]
    public async Task A_31_KB_name_gets_the_fields_own_message_and_the_circuit_stays_connected()
    {
        await using var sessions = new BrowserSessions(browser, app.BaseUrl, 30_000);
        var page = await sessions.NewPageAsync();
        var signUp = new SignUpPage(page, app.BaseUrl);
        await signUp.OpenAsync();
        var input = MudUi.InputOf(signUp.DisplayName);

        // An honest browser keeps at most the limit.
        await MudUi.FillAsync(signUp.DisplayName, ThirtyOneKilobytes);
        Assert.Equal(100, (await input.InputValueAsync()).Length);

        // A client that drops the limit sends all of it; the server answers in the field.
        await input.EvaluateAsync("e => e.removeAttribute('maxlength')");
        await MudUi.FillAsync(signUp.DisplayName, ThirtyOneKilobytes + "y");
        await Expect(MudUi.FieldError(signUp.DisplayName)).ToHaveTextAsync("Keep this under 100 characters.");
        await Expect(page.Locator("#components-reconnect-modal[open], .components-reconnect-show")).ToHaveCountAsync(0);

        // Still the same circuit: the next value is validated live and the message goes away.
        await MudUi.FillAsync(signUp.DisplayName, "Erin Walsh");
        await Expect(MudUi.FieldError(signUp.DisplayName)).ToHaveCountAsync(0);
        Assert.Equal("true", await page.Locator("[data-interactive]").First.GetAttributeAsync("data-interactive"));
        Assert.True(sessions.Problems.Count == 0, "Browser problems:\n" + string.Join('\n', sessions.Problems));
    }

    [Fact]
    public async Task A_20_KB_ECG_reading_gets_the_fields_own_message_and_the_visit_goes_on()
    {
        const string ecgLimitMessage = "Keep the ECG summary under 200 characters.";
        await using var sessions = new BrowserSessions(browser, app.BaseUrl, 30_000);

        // bob (neurology record at north-general) consults Dr. Huang; the doctor accepts, so bob's readings form is shown.
        var patientPage = await sessions.SignedInPageAsync("bob", DemoPassword, "patient");
        var visitId = await new PatientArea(patientPage, app.BaseUrl).StartVisitAsync("Dr. Wei Huang — neurology");
        var patientVisit = new VisitPage(patientPage, app.BaseUrl);
        await patientVisit.WaitLoadedAsync();
        var doctorVisit = new VisitPage(await sessions.SignedInPageAsync("dr.huang", DemoPassword, "doctor"), app.BaseUrl);
        await doctorVisit.OpenAsync(visitId);
        await doctorVisit.AcceptAsync();
        await patientVisit.ExpectStatusAsync("Consulting");

        // An honest browser keeps at most the limit; a client that drops it pastes all 20 000 characters and sends them.
        var ecg = MudUi.InputOf(patientVisit.Ecg);
        await MudUi.FillAsync(patientVisit.Ecg, TwentyKilobytes);
        Assert.Equal(200, (await ecg.InputValueAsync()).Length);
        await ecg.EvaluateAsync("e => e.removeAttribute('maxlength')");
        await patientVisit.SendReadingsAsync(heartRate: 72, systolic: 121, diastolic: 79, spO2: 98, ecg: TwentyKilobytes);
        await Expect(MudUi.FieldError(patientVisit.Ecg)).ToHaveTextAsync(ecgLimitMessage);
        await Expect(patientPage.Locator("#components-reconnect-modal[open], .components-reconnect-show")).ToHaveCountAsync(0);
        await patientVisit.ExpectStatusAsync("Consulting");

        // Still the same circuit: a valid reading is sent from this page and reaches the doctor.
        await patientVisit.SendReadingsAsync(heartRate: 72, systolic: 121, diastolic: 79, spO2: 98, ecg: "sinus rhythm");
        await patientVisit.ExpectStatusAsync("Searching");
        await Expect(MudUi.FieldError(patientVisit.Ecg)).ToHaveCountAsync(0);
        await Expect(doctorVisit.ReadingsText).ToHaveTextAsync("HR 72 bpm; BP 121/79 mmHg; SpO2 98 %; ECG: sinus rhythm");
        Assert.True(sessions.Problems.Count == 0, "Browser problems:\n" + string.Join('\n', sessions.Problems));
    }
}
