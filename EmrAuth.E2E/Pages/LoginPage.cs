using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the sign-in page ("/account/login") and the signed-in header of the layout.</summary>
public sealed class LoginPage(IPage page, Uri baseUrl)
{
    public ILocator UserName => page.GetByTestId("login-username");

    public ILocator Password => page.GetByTestId("login-password");

    public ILocator Submit => page.GetByTestId("login-submit");

    public ILocator Message => page.GetByTestId("login-message");

    public ILocator DemoAccounts => page.GetByTestId("demo-accounts");

    public ILocator SignedInName => page.GetByTestId("user-name");

    public ILocator SignedInRole => page.GetByTestId("user-role");

    public ILocator SignOut => page.GetByTestId("logout");

    public ILocator MainNav => page.GetByTestId("main-nav");

    public Task OpenAsync() => page.GotoAsync(new Uri(baseUrl, "account/login").ToString());

    public async Task SignInAsync(string userName, string password)
    {
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }

    /// <summary>User name and password of the first demo account whose role column reads <paramref name="role"/>, read from the Development table.</summary>
    public async Task<(string UserName, string Password)> DemoAccountAsync(string role)
    {
        var row = DemoAccounts.Locator("tbody tr").Filter(new()
        {
            Has = page.Locator("td:nth-child(3)", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{role}$") }),
        }).First;
        return ((await row.Locator("td").Nth(0).InnerTextAsync()).Trim(), (await row.Locator("td").Nth(1).InnerTextAsync()).Trim());
    }
}
