using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for a doctor's home ("/doctor"): visit requests that arrive live, accept or decline, open a visit.</summary>
public sealed class DoctorArea(IPage page, Uri baseUrl)
{
    public ILocator Home => page.GetByTestId("doctor-home");

    public ILocator WaitingCount => page.GetByTestId("waiting-count");

    public ILocator VisitRows => page.GetByTestId("visit-row");

    public ILocator NotListed => page.GetByTestId("doctor-not-listed");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "doctor").ToString());
        await RadzenUi.WaitInteractiveAsync(page);
    }

    /// <summary>A visit in the doctor's list (data-visit-id, data-status).</summary>
    public ILocator VisitRow(Guid visitId) => page.Locator($"[data-testid='visit-row'][data-visit-id='{visitId}']");

    /// <summary>Accepts a waiting request from its row (Eqs. 16–22).</summary>
    public Task AcceptAsync(Guid visitId) => VisitRow(visitId).GetByTestId("accept-visit").ClickAsync();

    public Task OpenVisitAsync(Guid visitId) => VisitRow(visitId).GetByTestId("open-visit").ClickAsync();
}
