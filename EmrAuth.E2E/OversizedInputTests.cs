using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 11, finding 7, in Chromium: a text field never takes more than its limit from an honest browser (MaxLength),
/// and a 31 KB value from a client that ignores the limit gets the field's own message from the server while the
/// page's connection stays up (it used to exceed SignalR's 32 KB message limit, drop the circuit and then say "This
/// field is required").
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class OversizedInputTests(WebAppFixture app, BrowserFixture browser)
{
    private static readonly string ThirtyOneKilobytes = new('x', 31 * 1024);

    [Fact]
    public async Task A_31_KB_name_gets_the_fields_own_message_and_the_circuit_stays_connected()
    {
        await using var sessions = new BrowserSessions(browser, app.BaseUrl, 30_000);
        var page = await sessions.NewPageAsync();
        var signUp = new SignUpPage(page, app.BaseUrl);
        await signUp.OpenAsync();
        var input = MudUi.InputOf(signUp.DisplayName);

        // An honest browser keeps at most the limit.
        await MudUi.FillAsync(signUp.DisplayName, ThirtyOneKilobytes);
        Assert.Equal(100, (await input.InputValueAsync()).Length);

        // A client that drops the limit sends all of it; the server answers in the field.
        await input.EvaluateAsync("e => e.removeAttribute('maxlength')");
        await MudUi.FillAsync(signUp.DisplayName, ThirtyOneKilobytes + "y");
        await Expect(MudUi.FieldError(signUp.DisplayName)).ToHaveTextAsync("Keep this under 100 characters.");
        await Expect(page.Locator("#components-reconnect-modal[open], .components-reconnect-show")).ToHaveCountAsync(0);

        // Still the same circuit: the next value is validated live and the message goes away.
        await MudUi.FillAsync(signUp.DisplayName, "Erin Walsh");
        await Expect(MudUi.FieldError(signUp.DisplayName)).ToHaveCountAsync(0);
        Assert.Equal("true", await page.Locator("[data-interactive]").First.GetAttributeAsync("data-interactive"));
        Assert.True(sessions.Problems.Count == 0, "Browser problems:\n" + string.Join('\n', sessions.Problems));
    }
}
