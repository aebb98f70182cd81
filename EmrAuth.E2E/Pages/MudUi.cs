using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Helpers for MudBlazor components and Blazor Server pages shared by the page objects.</summary>
public static class MudUi
{
    /// <summary>
    /// Chooses <paramref name="text"/> in a MudSelect (<paramref name="select"/> is its combobox, where the data-testid
    /// lands: an input while empty, a div showing the text once chosen): opens it, clicks the open popover's item with
    /// exactly that text, then waits until the combobox shows it (the choice has reached the server) so a following
    /// action sees it.
    /// </summary>
    public static async Task SelectAsync(ILocator select, string text)
    {
        var exact = new Regex($"^\\s*{Regex.Escape(text)}\\s*$");
        await select.ClickAsync();
        var open = select.Page.Locator(".mud-popover-open .mud-list-item");
        await open.Filter(new() { HasTextRegex = exact }).First.ClickAsync();
        await Expect(open).ToHaveCountAsync(0);
        if (await select.EvaluateAsync<bool>("e => e instanceof HTMLInputElement"))
        {
            await Expect(select).ToHaveValueAsync(exact);
        }
        else
        {
            await Expect(select).ToHaveTextAsync(exact);
        }
    }

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

    /// <summary>Whether the page is wider than its viewport (a phone would have to scroll sideways).</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

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

    /// <summary>The snackbar messages showing now.</summary>
    public static ILocator Snackbars(IPage page) => page.Locator(".mud-snackbar-provider .mud-snackbar");
}
