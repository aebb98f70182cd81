using System.Text.RegularExpressions;
using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Integration;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 11, finding 6, in Chromium: access ends at once, not at the next two-minute revalidation. When the cloud
/// administrator disables an account, that account's open page leaves its circuit for the sign-in page at once and the
/// account cannot sign in; signing out in one tab ends the other tab of the same session.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AccessEndsAtOnceTests(WebAppFixture app, BrowserFixture browser)
{
    private static readonly Regex SignInPage = new(@"/account/login(\?|$)");

    [Fact]
    public async Task Disabling_an_account_ends_its_open_page_at_once_and_enabling_lets_it_back()
    {
        await using var sessions = new BrowserSessions(browser, app.BaseUrl, 30_000);
        var carol = await sessions.SignedInPageAsync("carol", PortalClient.DemoPassword, "patient");
        var admin = await sessions.SignedInPageAsync("cloud.admin", PortalClient.DemoPassword, "cloud");
        await admin.GotoAsync(new Uri(app.BaseUrl, "cloud/accounts").ToString());
        await MudUi.WaitInteractiveAsync(admin);
        try
        {
            await admin.GetByTestId("disable-carol").ClickAsync();
            await MudUi.ConfirmReasonAsync(admin, "E2E: access ends at once");
            await Expect(admin.Locator("[data-testid='account-row'][data-user='carol']")).ToHaveAttributeAsync("data-disabled", "true");
            await Screenshots.SaveAsync(admin, "cloud-accounts.png", hideToasts: true);

            // Well within the old two-minute revalidation: the open page is sent to sign in.
            await Expect(carol).ToHaveURLAsync(SignInPage, new() { Timeout = 10_000 });
            var login = new LoginPage(carol, app.BaseUrl);
            await login.SignInAsync("carol", PortalClient.DemoPassword);
            await Expect(login.Message).ToContainTextAsync(PortalClient.GenericFailure);
        }
        finally
        {
            await admin.GetByTestId("enable-carol").ClickAsync();
            await MudUi.ConfirmReasonAsync(admin, "E2E: done");
            await Expect(admin.Locator("[data-testid='account-row'][data-user='carol']")).ToHaveAttributeAsync("data-disabled", "false");
        }
        var again = await sessions.SignedInPageAsync("carol", PortalClient.DemoPassword, "patient");
        await Expect(again).ToHaveURLAsync(new Uri(app.BaseUrl, "patient").ToString());
    }

    [Fact]
    public async Task Signing_out_in_one_tab_ends_the_other_tab_at_once()
    {
        await using var sessions = new BrowserSessions(browser, app.BaseUrl, 30_000);
        var first = await sessions.SignedInPageAsync("dan", PortalClient.DemoPassword, "patient");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(new Uri(app.BaseUrl, "patient/records-access").ToString());
        await MudUi.WaitInteractiveAsync(second);

        await new LoginPage(second, app.BaseUrl).SignOut.ClickAsync();
        await Expect(second).ToHaveURLAsync(SignInPage);

        await Expect(first).ToHaveURLAsync(SignInPage, new() { Timeout = 10_000 });
    }
}
