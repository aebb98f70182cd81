using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Sign-in, deny-by-default and sign-out. Keeps to three sign-in posts: the login is rate-limited per client
/// address and every E2E test signs in from 127.0.0.1.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AccountTests(WebAppFixture app, BrowserFixture browser)
{
    private const string GenericFailure = "The user name or password is incorrect.";

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_and_a_failed_sign_in_does_not_say_why()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page, app.BaseUrl);

        await page.GotoAsync(new Uri(app.BaseUrl, "cloud").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/account/login\?returnUrl=%2Fcloud$"));
        var (userName, _) = await login.DemoAccountAsync("Cloud administrator");

        await login.SignInAsync(userName, "not-the-password");
        await Expect(login.Message).ToContainTextAsync(GenericFailure);

        await login.SignInAsync("no.such.account", "not-the-password");
        await Expect(login.Message).ToContainTextAsync(GenericFailure);

        var cookies = await context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "EmrAuth.Session");
        var antiforgery = Assert.Single(cookies, c => c.Name == "EmrAuth.Antiforgery");
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, antiforgery.SameSite);
    }

    [Fact]
    public async Task A_cloud_administrator_signs_in_sees_their_menu_and_signs_out()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page, app.BaseUrl);

        await login.OpenAsync();
        var (userName, password) = await login.DemoAccountAsync("Cloud administrator");
        await login.SignInAsync(userName, password);

        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, "cloud").ToString());
        await Expect(login.SignedInRole).ToHaveTextAsync("Cloud administrator");
        await Expect(login.MainNav).ToContainTextAsync("Registrations");
        await Expect(login.MainNav).Not.ToContainTextAsync("My visits");
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "EmrAuth.Session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(-1, session.Expires); // a browser-session cookie; the ticket inside expires after 20 idle minutes

        // A page of another role is refused, not shown.
        await page.GotoAsync(new Uri(app.BaseUrl, "patient").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/account/denied"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You don't have access to this page");

        await login.SignOut.ClickAsync();
        await Expect(login.Message).ToContainTextAsync("You have been signed out.");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "EmrAuth.Session");

        await page.GotoAsync(new Uri(app.BaseUrl, "cloud").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/account/login\?returnUrl=%2Fcloud$"));
    }
}
