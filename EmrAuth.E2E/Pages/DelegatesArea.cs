using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for a patient's "Delegates" page (/patient/delegates): naming, revoking, and acting for another patient.</summary>
public sealed class DelegatesArea(IPage page, Uri baseUrl)
{
    public ILocator Account => page.GetByTestId("delegate-account");

    public ILocator Save => page.GetByTestId("delegate-save");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "patient/delegates").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Ticks "Start visits for me" / "Read my diagnoses" / "Manage my consent grants" by the permission's name.</summary>
    public ILocator Permission(string name) => page.Locator($"[data-testid='delegate-{name}'] input, input[data-testid='delegate-{name}']").First;

    /// <summary>Names <paramref name="account"/> (the default role, guardian, and 30 days) with the given permissions.</summary>
    public async Task NameAsync(string account, params string[] permissions)
    {
        await MudUi.FillAsync(Account, account);
        foreach (var permission in permissions)
        {
            await Permission(permission).CheckAsync();
        }
        await Save.ClickAsync();
    }

    public ILocator Delegation(string account) => page.GetByTestId($"delegation-{account}");

    public ILocator ActingFor(string patientId) => page.GetByTestId($"acting-for-{patientId}");

    /// <summary>The public cloud's first check named <paramref name="check"/> on the statement just signed (Delegation_P or Revocation_G).</summary>
    public ILocator StatementCheck(string check) =>
        page.GetByTestId("delegation-protocol").GetByTestId("verification-row").Filter(new() { HasText = check }).First;
}
