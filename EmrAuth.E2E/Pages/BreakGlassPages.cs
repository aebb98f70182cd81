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

    /// <summary>The hospital administrator marks the doctor's pending access.</summary>
    public async Task ReviewAsync(string doctorId, bool justified, string note)
    {
        var review = Review(doctorId).Filter(new() { Has = page.GetByTestId("bg-review-note") });
        await MudUi.FillAsync(review.GetByTestId("bg-review-note"), note);
        await review.GetByTestId(justified ? "bg-justified" : "bg-unjustified").ClickAsync();
    }
}
