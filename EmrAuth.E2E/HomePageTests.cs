using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

[Collection(E2ECollection.Name)]
public sealed class HomePageTests(WebAppFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task CheckEngine_ShowsInteractiveConnectionStatus()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                failures.Add($"{r.Status} {r.Url}");
            }
        };
        page.RequestFailed += (_, r) => failures.Add($"failed {r.Url}: {r.Failure}");
        page.PageError += (_, e) => failures.Add($"page error: {e}");

        var home = new HomePage(page, app.BaseUrl);
        await home.OpenAsync();
        await Expect(home.Heading).ToHaveTextAsync("EmrAuth — secure EMR authorization");

        await home.CheckEngineAsync();
        await Expect(home.EngineStatus).ToContainTextAsync("Interactive server connection OK");

        var screenshot = Path.Combine(RepoPaths.Artifacts, "screenshots", "home.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        Assert.True(await home.IsRadzenThemeAppliedAsync(), "Radzen theme CSS was not applied.");
        Assert.True(failures.Count == 0, $"Browser problems:\n{string.Join('\n', failures)}\nApp output:\n{app.Output}");
    }
}
