using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

[Collection(E2ECollection.Name)]
public sealed class HomePageTests(WebAppFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task Demo_visit_runs_the_engine_and_lists_its_messages()
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
        await Expect(home.EngineStatus).ToContainTextAsync("Demo visit completed: 12 messages");
        await Expect(home.EngineStatus).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"(\d+) of \1 checks passed"));
        await Expect(home.DemoMessages).ToContainTextAsync("C_P1, Sig_P1, T_P1");

        var screenshot = Path.Combine(RepoPaths.Artifacts, "screenshots", "demo.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        Assert.True(await home.IsMudThemeAppliedAsync(), "MudBlazor theme was not applied.");
        Assert.True(failures.Count == 0, $"Browser problems:\n{string.Join('\n', failures)}\nApp output:\n{app.Output}");
    }
}
