using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Helpers for Radzen components and Blazor Server pages shared by the page objects.</summary>
public static class RadzenUi
{
    /// <summary>
    /// Chooses <paramref name="text"/> in a Radzen dropdown: opens it, clicks the visible item with exactly that text,
    /// then waits until the dropdown's label shows it (the choice has reached the server) so a following submit sees it.
    /// </summary>
    public static async Task SelectAsync(ILocator dropDown, string text)
    {
        var exact = new Regex($"^\\s*{Regex.Escape(text)}\\s*$");
        await dropDown.ClickAsync();
        // The popup may be rendered inside the component or moved to <body>; only the open one is visible.
        var item = dropDown.Page.Locator(".rz-dropdown-item:visible").Filter(new() { HasTextRegex = exact }).First;
        await item.ClickAsync();
        await Expect(dropDown.Locator(".rz-dropdown-label")).ToHaveTextAsync(exact);
    }

    /// <summary>Fills a Radzen text input and leaves it, so its change event (what @bind-Value listens to) fires.</summary>
    public static async Task FillAsync(ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.BlurAsync();
    }

    // Not Radzen-specific: kept here for the page objects not yet converted, as forwarders to MudUi.
    public static Task WaitInteractiveAsync(IPage page) => MudUi.WaitInteractiveAsync(page);

    public static Task MarkDocumentAsync(IPage page, string marker) => MudUi.MarkDocumentAsync(page, marker);

    public static Task<bool> IsSameDocumentAsync(IPage page, string marker) => MudUi.IsSameDocumentAsync(page, marker);
}
