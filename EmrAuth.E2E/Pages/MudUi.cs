using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Helpers for MudBlazor widgets and Blazor Server pages shared by the page objects.</summary>
public static class MudUi
{
    /// <summary>Waits until the Blazor Server circuit has made the page's root interactive.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").First.WaitForAsync();

    /// <summary>
    /// Chooses <paramref name="text"/> in a MudSelect (located by its input): opens the list, clicks the option with exactly
    /// that text, then waits until the input shows it (the choice has reached the server) so a following submit sees it.
    /// </summary>
    public static async Task SelectAsync(ILocator select, string text)
    {
        var exact = new Regex($"^\\s*{Regex.Escape(text)}\\s*$");
        await select.ClickAsync();
        // The list opens in the popover provider at the end of <body>; only the open popover is visible.
        var option = select.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = exact }).First;
        await option.ClickAsync();
        await Expect(select).ToHaveValueAsync(text);
    }

    /// <summary>Fills a MudTextField's input and leaves it, so its change event (what @bind-Value listens to) fires.</summary>
    public static async Task FillAsync(ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.BlurAsync();
    }

    /// <summary>The validation message MudBlazor shows under the field whose input is <paramref name="input"/>.</summary>
    public static ILocator FieldError(ILocator input) =>
        input.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]")
            .Locator(".mud-input-helper-text.mud-input-error .me-auto");

    /// <summary>True when the page does not scroll sideways (everything fits the viewport's width).</summary>
    public static Task<bool> FitsWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
