using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Helpers for MudBlazor widgets and Blazor Server pages shared by the page objects.</summary>
public static class MudUi
{
    /// <summary>
    /// Chooses <paramref name="text"/> in a MudSelect: opens it, clicks the option with exactly that text in the popover
    /// (rendered at the end of the body), then waits until the select shows it (MudSelect shows its choice as text), so a following submit sees it.
    /// </summary>
    public static async Task SelectAsync(ILocator select, string text)
    {
        var exact = new Regex($"^\\s*{Regex.Escape(text)}\\s*$");
        await select.ClickAsync();
        await select.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = exact }).First.ClickAsync();
        await Expect(select).ToContainTextAsync(text);
    }

    /// <summary>The input (or textarea) of a MudBlazor field, whether its data-testid sits on the field or on the input.</summary>
    public static ILocator InputOf(ILocator field) =>
        field.Locator("xpath=self::input | self::textarea | .//input[not(@type='hidden')] | .//textarea").First;

    /// <summary>Fills a MudBlazor text or numeric field and leaves it, so its change event (what @bind-Value listens to) fires.</summary>
    public static async Task FillAsync(ILocator field, string value)
    {
        var input = InputOf(field);
        await input.FillAsync(value);
        await input.BlurAsync();
    }

    /// <summary>The snackbars showing, newest last.</summary>
    public static ILocator Snackbars(IPage page) => page.Locator("#mud-snackbar-container .mud-snackbar");

    /// <summary>Waits until the Blazor Server circuit has made the page's root interactive.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").First.WaitForAsync();

    /// <summary>
    /// Marks the current document; <see cref="IsSameDocumentAsync"/> is true only while no reload or full navigation
    /// replaced it. Used to prove that a page updated live.
    /// </summary>
    public static Task MarkDocumentAsync(IPage page, string marker) =>
        page.EvaluateAsync("m => { window.__e2eMarker = m; }", marker);

    public static Task<bool> IsSameDocumentAsync(IPage page, string marker) =>
        page.EvaluateAsync<bool>("m => window.__e2eMarker === m", marker);
}
