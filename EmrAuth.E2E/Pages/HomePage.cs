using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the public demo-visit page ("/demo"), which needs no sign-in.</summary>
public sealed class HomePage(IPage page, Uri baseUrl)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator CheckEngineButton => page.GetByTestId("check-engine");

    public ILocator EngineStatus => page.GetByTestId("engine-status");

    public ILocator DemoMessages => page.GetByTestId("demo-messages");

    /// <summary>Opens the page and waits until the Blazor Server circuit has made it interactive.</summary>
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "demo").ToString());
        await page.Locator("[data-interactive='true']").WaitForAsync();
    }

    public Task CheckEngineAsync() => CheckEngineButton.ClickAsync();

    /// <summary>True when MudBlazor's theme has been applied (MudThemeProvider defines the --mud-palette-primary variable).</summary>
    public async Task<bool> IsMudThemeAppliedAsync() =>
        await page.EvaluateAsync<bool>(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary').trim() !== ''");
}
