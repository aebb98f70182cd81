using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for a doctor's home ("/doctor"): visit requests that arrive live, accept or decline, open a visit.</summary>
public sealed class DoctorArea(IPage page, Uri baseUrl)
{
    public ILocator Home => page.GetByTestId("doctor-home");

    public ILocator WaitingCount => page.GetByTestId("waiting-count");

    /// <summary>The rows of the doctor's visit grid (MudDataGrid rows carry the class, not a test id).</summary>
    public ILocator VisitRows => page.Locator("tr.visit-row");

    public ILocator NotListed => page.GetByTestId("doctor-not-listed");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "doctor").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>A visit's row in the doctor's list.</summary>
    public ILocator VisitRow(Guid visitId) => VisitRows.Filter(new() { Has = page.Locator($"[data-visit-id='{visitId}']") });

    /// <summary>The status badge of a visit's row; data-status carries the machine-readable status.</summary>
    public ILocator VisitStatus(Guid visitId) => VisitRow(visitId).GetByTestId("visit-row-status");


    /// <summary>Accepts a waiting request from its row (Eqs. 16–22).</summary>
    public Task AcceptAsync(Guid visitId) => VisitRow(visitId).GetByTestId("accept-visit").ClickAsync();

    public Task OpenVisitAsync(Guid visitId) => VisitRow(visitId).GetByTestId("open-visit").ClickAsync();
}
