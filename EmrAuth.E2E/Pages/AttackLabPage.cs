using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the cloud administrator's attack lab ("/cloud/attack-lab").</summary>
public sealed class AttackLabPage(IPage page, Uri baseUrl)
{
    public ILocator Visit => page.GetByTestId("attack-visit");

    public ILocator Attack => page.GetByTestId("attack-choice");

    public ILocator Profile => page.GetByTestId("attack-profile");

    public ILocator Run => page.GetByTestId("run-attack");

    public ILocator Error => page.GetByTestId("attack-error");

    /// <summary>The result card; data-verdict is Stopped or Succeeded.</summary>
    public ILocator Result => page.GetByTestId("attack-result");

    /// <summary>"Title (profile): stopped at Eq. …" or "…: succeeded: …".</summary>
    public ILocator Outcome => page.GetByTestId("attack-outcome");

    public ILocator Obtained => page.GetByTestId("attack-obtained");

    public ILocator FailedChecks => Result.Locator("[data-testid='verification-row'][data-passed='false']");

    public ILocator FailedArrows => Result.Locator("[data-testid='message-arrow'][data-status='failed']");

    public ILocator LinkingParts => page.Locator("[data-testid='observed-part']:not([data-linkage='None'])");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "cloud/attack-lab").ToString());
        await RadzenUi.WaitInteractiveAsync(page);
    }

    /// <summary>Chooses an attack (by its title) and a profile, and runs it on the visit already selected.</summary>
    public async Task RunAsync(string attackTitle, string profile)
    {
        await RadzenUi.SelectAsync(Attack, attackTitle);
        await RadzenUi.SelectAsync(Profile, profile);
        await Run.ClickAsync();
    }
}
