using System.Net;
using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Integration;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>The audit trail page in the browser, and the evidence download's access over HTTP.</summary>
[Collection(E2ECollection.Name)]
public sealed class AuditTrailTests(WebAppFixture app, BrowserFixture browser)
{
    [Fact]
    public async Task The_cloud_admin_verifies_the_chain_and_sees_it_intact()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync("cloud.admin", PortalClient.DemoPassword);
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, "cloud").ToString());

        var audit = new AuditPage(page, app.BaseUrl);
        await audit.OpenAsync();
        await MudUi.WaitInteractiveAsync(page);
        await Expect(audit.Rows.First).ToBeVisibleAsync();
        await audit.Verify.ClickAsync();

        await Expect(audit.Result).ToHaveAttributeAsync("data-intact", "true");
        await Expect(audit.Result).ToContainTextAsync("OK");
        await Expect(audit.Result).ToContainTextAsync("Intact:");
        // The check itself is audited.
        await Expect(audit.Rows.First).ToContainTextAsync("Audit trail verified");

        await Screenshots.SaveAsync(page, "cloud-audit.png");

        // The same page in the dark theme: the palette variables carry every colour.
        const string Background = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background')";
        var light = await page.EvaluateAsync<string>(Background);
        await page.GetByTestId("theme-switch").ClickAsync();
        await page.WaitForFunctionAsync($"light => ({Background})() !== light", light);
        await Screenshots.SaveAsync(page, "cloud-dark.png");
    }

    [Fact]
    public async Task Evidence_needs_a_signed_in_party_and_reveals_no_visit_that_is_not_theirs()
    {
        var path = $"/visits/{Guid.NewGuid()}/evidence";
        using (var anonymous = new PortalClient(app.BaseUrl))
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(PortalClient.LoginPath, anonymous.LocationOf(response).AbsolutePath);
        }

        using var patient = new PortalClient(app.BaseUrl);
        await patient.SignInAsync("alice");
        using var unknown = await patient.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
