using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// An open page whose portal restarted: Blazor's reconnection reaches the new process, which no longer knows the
/// circuit, and the page must say so in plain words and offer the way back (a reload), not a bare "Rejoin failed".
/// Runs on its own app, since it kills it.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ReconnectTests(ReconnectTests.OwnApp app, BrowserFixture browser) : IClassFixture<ReconnectTests.OwnApp>
{
    /// <summary>A portal of this test's own, so that killing it leaves the shared one running.</summary>
    public sealed class OwnApp : WebAppFixture;

    [Fact]
    public async Task After_a_restart_an_open_page_says_the_portal_restarted_and_reloads_on_request()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var demo = new HomePage(page, app.BaseUrl);
        await demo.OpenAsync();
        var restarted = page.GetByTestId("reconnect-restarted");
        await Expect(restarted).ToBeHiddenAsync();

        await app.RestartAsync();

        // Blazor retries with a back-off; the first attempt that reaches the new process is rejected.
        await Expect(restarted).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("reconnect-reload")).ToBeVisibleAsync();

        await page.GetByTestId("reconnect-reload").ClickAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Expect(restarted).ToBeHiddenAsync();
        await demo.CheckEngineAsync();
        await Expect(demo.EngineStatus).ToContainTextAsync("Demo visit completed");
    }
}
