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
    public static Task FillAsync(ILocator input, string value) => MudUi.FillAsync(input, value);

    /// <summary>Waits until the Blazor Server circuit has made the page's root interactive.</summary>
    public static Task WaitInteractiveAsync(IPage page) => MudUi.WaitInteractiveAsync(page);

    /// <summary>
    /// Marks the current document; <see cref="IsSameDocumentAsync"/> is true only while no reload or full navigation
    /// replaced it. Used to prove that a page updated live.
    /// </summary>
    public static Task MarkDocumentAsync(IPage page, string marker) =>
        page.EvaluateAsync("m => { window.__e2eMarker = m; }", marker);

    public static Task<bool> IsSameDocumentAsync(IPage page, string marker) =>
        page.EvaluateAsync<bool>("m => window.__e2eMarker === m", marker);
}
