using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the cloud administrator's audit trail ("/cloud/audit"): verify the chain, filter the entries.</summary>
public sealed class AuditPage(IPage page, Uri baseUrl)
{
    public ILocator Verify => page.GetByTestId("audit-verify");

    /// <summary>The verification result; data-intact is "true" or "false".</summary>
    public ILocator Result => page.GetByTestId("audit-result");

    /// <summary>The grid's rows, newest first.</summary>
    public ILocator Rows => MudUi.GridRows(page.GetByTestId("audit-row"));

    public Task OpenAsync() => page.GotoAsync(new Uri(baseUrl, "cloud/audit").ToString());
}
