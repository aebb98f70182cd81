using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the patient's "Consent" page (/patient/consent): grant access, the grants with their uses, revoke.</summary>
public sealed class ConsentPage(IPage page, Uri baseUrl)
{
    public ILocator Grants => page.GetByTestId("grant");

    public ILocator Grant(string grantee) => Grants.Filter(new() { HasText = grantee });

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "patient/consent").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Grants treatment access to one doctor for one department until <paramref name="expires"/>.</summary>
    public async Task GrantDoctorAsync(string doctorLabel, string departmentId, DateTime expires)
    {
        await MudUi.SelectAsync(page.GetByTestId("grantee-select"), doctorLabel);
        await page.Locator($"[data-testid='grant-department-{departmentId}'] input, input[data-testid='grant-department-{departmentId}']").First.CheckAsync();
        await MudUi.FillAsync(page.GetByTestId("grant-expires"), expires.ToString("yyyy-MM-dd"));
        await page.GetByTestId("grant-submit").ClickAsync();
    }

    /// <summary>Revokes the grant and confirms in the dialog.</summary>
    public async Task RevokeAsync(ILocator grant)
    {
        await grant.GetByTestId("grant-revoke").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }
}

/// <summary>Page object for the doctor's "Search under a grant" page (/doctor/grant-search).</summary>
public sealed class GrantSearchPage(IPage page, Uri baseUrl)
{
    public ILocator Result => page.GetByTestId("grant-search-result");

    public ILocator Record => page.GetByTestId("grant-record");

    public ILocator FailedCheck => page.GetByTestId("grant-failed-check");

    public ILocator FailedReason => page.GetByTestId("grant-failed-reason");

    public ILocator MessageArrows => page.GetByTestId("message-arrow");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "doctor/grant-search").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Chooses the grant whose label starts with <paramref name="patientId"/> and runs the search for its only department.</summary>
    public async Task SearchAsync(string patientId)
    {
        var select = page.GetByTestId("grant-select");
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = $"{patientId}:" }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.GetByTestId("grant-search-run").ClickAsync();
    }
}
