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
    /// Chooses <paramref name="text"/> in a MudSelect (located by its field or by its input): opens the list, clicks the
    /// option with exactly that text in the popover (rendered at the end of the body; only the open one is visible),
    /// then waits until the select shows it (the choice has reached the server), so a following submit sees it.
    /// </summary>
    public static async Task SelectAsync(ILocator select, string text)
    {
        var exact = new Regex($"^\\s*{Regex.Escape(text)}\\s*$");
        await select.ClickAsync();
        var open = select.Page.Locator(".mud-popover-open .mud-list-item");
        await open.Filter(new() { HasTextRegex = exact }).First.ClickAsync();
        await Expect(open).ToHaveCountAsync(0);
        // A select with a value may render it as text in a div rather than in its input.
        if (await select.EvaluateAsync<bool>("e => e instanceof HTMLInputElement"))
        {
            await Expect(select).ToHaveValueAsync(exact);
        }
        else
        {
            await Expect(select).ToContainTextAsync(exact);
        }
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

    /// <summary>The validation message MudBlazor shows under the field whose input is <paramref name="input"/>.</summary>
    public static ILocator FieldError(ILocator input) =>
        input.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]")
            .Locator(".mud-input-helper-text.mud-input-error .me-auto");

    /// <summary>True when the page does not scroll sideways (everything fits the viewport's width).</summary>
    public static Task<bool> FitsWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>The snackbars showing, newest last.</summary>
    public static ILocator Snackbars(IPage page) => page.Locator("#mud-snackbar-container .mud-snackbar");

    /// <summary>
    /// Marks the current document; <see cref="IsSameDocumentAsync"/> is true only while no reload or full navigation
    /// replaced it. Used to prove that a page updated live.
    /// </summary>
    public static Task MarkDocumentAsync(IPage page, string marker) =>
        page.EvaluateAsync("m => { window.__e2eMarker = m; }", marker);

    public static Task<bool> IsSameDocumentAsync(IPage page, string marker) =>
        page.EvaluateAsync<bool>("m => window.__e2eMarker === m", marker);

    /// <summary>
    /// The MudDataGrid rows that hold <paramref name="marker"/> (MudDataGrid puts no attributes on its rows, so a cell
    /// carries the row's data-testid and data-* attributes).
    /// </summary>
    public static ILocator GridRows(ILocator marker) => marker.Page.Locator("tr").Filter(new() { Has = marker });

    /// <summary>Types <paramref name="reason"/> into the open reason dialog and confirms it.</summary>
    public static async Task ConfirmReasonAsync(IPage page, string reason)
    {
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("textarea").First.FillAsync(reason);
        await dialog.GetByTestId("reason-confirm").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }
}
