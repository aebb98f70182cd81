using EmrAuth.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Page objects for break-glass: the doctor's "/doctor/emergency", the hospital's "/hospital/break-glass", the cloud's "/cloud/break-glass".</summary>
public sealed class BreakGlassPages(IPage page, Uri baseUrl)
{
    public ILocator Patient => page.GetByTestId("bg-patient");

    public ILocator Place => page.GetByTestId("bg-place");

    public ILocator ReasonText => page.GetByTestId("bg-text");

    public ILocator OpenButton => page.GetByTestId("bg-open");

    public ILocator Outcome => page.GetByTestId("bg-outcome");

    public ILocator Record => page.GetByTestId("bg-record");

    public ILocator TimeLeft => page.GetByTestId("bg-time-left");

    public ILocator VerificationRows => page.GetByTestId("verification-row");

    public ILocator Review(string doctorId) => page.GetByTestId("bg-review").Filter(new() { HasText = doctorId });

    public ILocator OverdueEmpty => page.GetByTestId("overdue-empty");

    /// <summary>The doctor's row on the cloud's overdue list.</summary>
    public ILocator Overdue(string doctorId) => page.GetByTestId("overdue-list").Locator("tr").Filter(new() { Has = page.GetByTestId("overdue-doctor").Filter(new() { HasText = doctorId }) });

    /// <summary>The transcript panel of the doctor's pending access in the review queue.</summary>
    public ILocator Transcript(string doctorId) => Pending(doctorId).GetByTestId("bg-transcript");

    private ILocator Pending(string doctorId) => Review(doctorId).Filter(new() { Has = page.GetByTestId("bg-review-note") }).First;

    public IPage Page => page;

    /// <summary>Signs <paramref name="userName"/> in on a page of their own and opens <paramref name="path"/> there.</summary>
    public static async Task<BreakGlassPages> OpenAsAsync(BrowserSessions sessions, Uri baseUrl, string userName, string password, string home, string path)
    {
        var pages = new BreakGlassPages(await sessions.SignedInPageAsync(userName, password, home), baseUrl);
        await pages.OpenAsync(path);
        return pages;
    }

    public async Task OpenAsync(string path)
    {
        await page.GotoAsync(new Uri(baseUrl, path).ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Fills the doctor's request; <paramref name="place"/> is the dropdown's text, e.g. "north-general / Neurology".</summary>
    public async Task BreakTheGlassAsync(string patientId, string place, string reason)
    {
        await MudUi.FillAsync(Patient, patientId);
        await MudUi.SelectAsync(Place, place);
        await MudUi.FillAsync(ReasonText, reason);
        await OpenButton.ClickAsync();
        await Expect(Outcome).ToBeVisibleAsync();
    }

    /// <summary>The journeys' emergency: bob's neurology record, which North General holds.</summary>
    public Task BreakTheGlassForBobAsync() => BreakTheGlassAsync("bob", "north-general / Neurology", "Found unconscious after a seizure; history needed now.");

    /// <summary>The hospital administrator marks the doctor's pending access.</summary>
    public async Task ReviewAsync(string doctorId, bool justified, string note)
    {
        var review = Pending(doctorId);
        await MudUi.FillAsync(review.GetByTestId("bg-review-note"), note);
        await review.GetByTestId(justified ? "bg-justified" : "bg-unjustified").ClickAsync();
    }

    /// <summary>The hospital administrator opens the transcript of the doctor's pending access and selects its message <paramref name="message"/> (e.g. "C_BG3").</summary>
    public async Task OpenTranscriptAsync(string doctorId, string message)
    {
        await Pending(doctorId).GetByTestId("bg-transcript-toggle").ClickAsync();
        await Transcript(doctorId).Locator($"[data-testid='message-arrow'][data-name^='{message}']").ClickAsync();
        await Expect(Transcript(doctorId).GetByTestId("message-details")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Opens the cloud's overdue list again and again until the doctor's access is on it or <paramref name="timeout"/>
    /// has passed: an access becomes overdue by time alone, which nothing announces to an open page.
    /// </summary>
    public async Task ReloadUntilOverdueAsync(string doctorId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        await OpenAsync("cloud/break-glass");
        while (await Overdue(doctorId).CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await OpenAsync("cloud/break-glass");
        }
    }
}
