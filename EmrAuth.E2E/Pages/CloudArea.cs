using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>
/// Page object for the public-cloud administrator's area: registration requests ("/cloud"), the signed directory
/// ("/cloud/directory"), certificates ("/cloud/certificates") and all visits ("/cloud/visits").
/// </summary>
public sealed class CloudArea(IPage page, Uri baseUrl)
{
    public ILocator RegistrationRows => page.GetByTestId("registration-row");

    public ILocator PendingCount => page.GetByTestId("pending-count");

    /// <summary>The card that shows the last approval: its message and the registration checks.</summary>
    public ILocator ApprovalOutcome => page.GetByTestId("approval-outcome");

    public ILocator ApprovalMessage => page.GetByTestId("approval-message");

    public ILocator ApprovalChecks => ApprovalOutcome.GetByTestId("verification-row");

    public ILocator Directory => page.GetByTestId("directory");

    public ILocator DirectoryRows => MudUi.GridRows(page.GetByTestId("directory-row"));

    public ILocator VisitRows => MudUi.GridRows(page.GetByTestId("visit-row"));

    public ILocator CertificateRows => MudUi.GridRows(page.GetByTestId("certificate-row"));

    public Task OpenRegistrationsAsync() => OpenAsync("cloud");

    public Task OpenDirectoryAsync() => OpenAsync("cloud/directory");

    public Task OpenVisitsAsync() => OpenAsync("cloud/visits");

    public Task OpenCertificatesAsync() => OpenAsync("cloud/certificates");

    /// <summary>
    /// The marker of <paramref name="partyId"/>'s registration request in its row's first cell (data-status: Pending,
    /// Approved, Refused).
    /// </summary>
    public ILocator RegistrationRow(string partyId) =>
        page.Locator($"[data-testid='registration-row'][data-party='{partyId}']");

    public Task ApproveAsync(string partyId) =>
        MudUi.GridRows(RegistrationRow(partyId)).Locator("[data-testid^='approve-']").ClickAsync();

    /// <summary>Refuses <paramref name="partyId"/>'s request, giving <paramref name="reason"/> in the confirmation dialog.</summary>
    public async Task RefuseAsync(string partyId, string reason)
    {
        await MudUi.GridRows(RegistrationRow(partyId)).Locator("[data-testid^='refuse-']").ClickAsync();
        await MudUi.ConfirmReasonAsync(page, reason);
    }

    /// <summary>An approval check by its reference, e.g. "Eq. 4".</summary>
    public ILocator ApprovalCheck(string reference) =>
        ApprovalChecks.Filter(new() { Has = page.Locator("td.ref", new() { HasTextString = reference }) });

    public ILocator VisitRow(Guid visitId) => MudUi.GridRows(page.Locator($"[data-testid='visit-row'][data-visit='{visitId}']"));

    /// <summary>The status badge of a visit in the all-visits grid (data-status carries the status).</summary>
    public ILocator VisitStatus(Guid visitId) => VisitRow(visitId).GetByTestId("visit-status");

    public ILocator DirectoryRow(string partyId) => MudUi.GridRows(page.Locator($"[data-testid='directory-row'][data-party='{partyId}']"));

    private async Task OpenAsync(string path)
    {
        await page.GotoAsync(new Uri(baseUrl, path).ToString());
        await MudUi.WaitInteractiveAsync(page);
    }
}
