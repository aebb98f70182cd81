using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the cloud administrator's attack lab ("/cloud/attack-lab").</summary>
public sealed class AttackLabPage(IPage page, Uri baseUrl)
{
    public ILocator Visit => page.GetByTestId("attack-visit");

    public ILocator Attack => page.GetByTestId("attack-choice");

    public ILocator Profile => page.GetByTestId("attack-profile");

    public ILocator Run => page.GetByTestId("run-attack");

    public ILocator TamperHop => page.GetByTestId("tamper-hop");

    public ILocator TamperPart => page.GetByTestId("tamper-part");

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
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Runs "Tamper with a message in transit" on one part (by name) of the message received at <paramref name="hop"/>.</summary>
    public async Task TamperAsync(string hop, string part, string profile)
    {
        await MudUi.SelectAsync(Attack, "Tamper with a message in transit");
        await MudUi.SelectAsync(TamperHop, hop);
        await MudUi.SelectAsync(TamperPart, part);
        await MudUi.SelectAsync(Profile, profile);
        await Run.ClickAsync();
    }

    /// <summary>Chooses an attack (by its title) and a profile, and runs it on the visit already selected.</summary>
    public async Task RunAsync(string attackTitle, string profile)
    {
        await MudUi.SelectAsync(Attack, attackTitle);
        await MudUi.SelectAsync(Profile, profile);
        await Run.ClickAsync();
    }
}
