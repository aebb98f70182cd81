using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// The attack lab in the browser: the cloud administrator runs an impersonation and sees it stopped at Eq. 15 in the
/// protocol view, a tampered timestamp, the eavesdropper's side-by-side view, then a key compromise that succeeds under
/// Paper and is stopped under Hardened.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AttackLabTests(WebAppFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task The_cloud_admin_runs_attacks_and_sees_where_they_are_stopped()
    {
        SetDefaultExpectTimeout(20_000);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync("cloud.admin", "emrauth-demo-2026");
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, "cloud").ToString());
        var lab = new AttackLabPage(page, app.BaseUrl);
        await lab.OpenAsync();

        await lab.RunAsync("Impersonate the patient (attacker's own keys)", "Paper");

        await Expect(lab.Outcome).ToContainTextAsync("stopped at Eq. 15");
        await Expect(lab.Result).ToHaveAttributeAsync("data-verdict", "Stopped");
        await Expect(lab.FailedChecks).ToHaveCountAsync(1);
        await Expect(lab.FailedChecks.Locator("td.ref")).ToHaveTextAsync("Eq. 15");
        await Expect(lab.FailedArrows.First).ToHaveAttributeAsync("data-name", "C_P1, Sig_P1, T_P1");

        await lab.TamperAsync("C_P2", "T_P2", "Hardened");
        await Expect(lab.Outcome).ToContainTextAsync("Tamper with a message in transit (Hardened): stopped at Eq. 24");

        await lab.RunAsync("Eavesdropper: two visits side by side", "Paper");
        await Expect(lab.Outcome).ToContainTextAsync("succeeded: C_P1 (SameLength)");
        // C_C carries the forwarded Scope_P, which names ID_P (issue 11): 8 parts link by length.
        await Expect(lab.LinkingParts).ToHaveCountAsync(8);

        await lab.RunAsync("Patient's long-term key leaks after the visit", "Paper");
        await Expect(lab.Outcome).ToContainTextAsync("succeeded: no forward secrecy");
        await Expect(lab.Obtained).ToContainTextAsync("SEK_1 (sandbox key");

        await lab.RunAsync("Patient's long-term key leaks after the visit", "Hardened");
        await Expect(lab.Outcome).ToContainTextAsync("stopped at forward secrecy");
        var screenshot = Path.Combine(RepoPaths.Artifacts, "screenshots", "attack-lab.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
    }
}
