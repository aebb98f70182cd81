using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Integration;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 11, finding 5, in Chromium: one browser that keeps signing up is refused once its address used up its hourly
/// allowance, and a taken user name and a taken patient identity get the same answer, which names neither (it used to
/// say "That user name is already taken" or "This identity is already taken"). Service-level version:
/// EmrAuth.Tests SignUpLimitsTests.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SignUpLimitTests(WebAppFixture app, SignUpLimitTests.LowLimitApp lowLimitApp, BrowserFixture browser)
    : BrowserJourney(app, browser), IClassFixture<SignUpLimitTests.LowLimitApp>
{
    private const string TooMany = "Too many sign-up requests just now. Please try again in an hour.";
    private const string NotAvailable = "That user name or identity is not available. Please choose another.";

    private readonly BrowserFixture _browser = browser;

    /// <summary>A portal of this class's own that allows <see cref="PerAddressPerHour"/> sign-ups per address, so the shared one keeps its allowance.</summary>
    public sealed class LowLimitApp : WebAppFixture
    {
        public const int PerAddressPerHour = 3;

        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("SignUp:PerAddressPerHour", PerAddressPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    [Fact]
    public async Task One_browser_signing_up_again_and_again_is_refused_after_its_allowance_and_nothing_more_is_created()
    {
        await using var sessions = new BrowserSessions(_browser, lowLimitApp.BaseUrl, ExpectTimeoutMs);
        var page = await sessions.NewPageAsync();
        var signUp = new SignUpPage(page, lowLimitApp.BaseUrl);
        var before = await PortalDatabase.ReadAsync(lowLimitApp.DatabasePath);

        for (var i = 0; i < LowLimitApp.PerAddressPerHour; i++)
        {
            await SubmitPatientAsync(signUp, $"spam-{i}", $"spam-{i}");
            await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "success");
        }

        // A fresh page is a fresh circuit, but the same address: the next request is refused before anything is stored.
        await SubmitPatientAsync(signUp, "spam-over", "spam-over");
        await Expect(signUp.Message).ToHaveTextAsync(TooMany);
        await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "error");
        await Expect(signUp.UserNameError).ToHaveCountAsync(0);
        await Expect(signUp.IdentityError).ToHaveCountAsync(0);
        await Expect(signUp.Submit).ToBeEnabledAsync();

        var after = await PortalDatabase.ReadAsync(lowLimitApp.DatabasePath);
        Assert.Equal(before.Accounts + LowLimitApp.PerAddressPerHour, after.Accounts);
        Assert.DoesNotContain("spam-over", after.AccountRows);
        Assert.True(sessions.Problems.Count == 0, "Browser problems:\n" + string.Join('\n', sessions.Problems));
    }

    [Fact]
    public async Task A_taken_user_name_and_a_taken_patient_identity_get_the_same_answer_naming_neither()
    {
        var signUp = new SignUpPage(await Sessions.NewPageAsync(), App.BaseUrl);
        var before = await PortalDatabase.ReadAsync(App.DatabasePath);

        // "alice" is a demo patient's user name; the identity "frank" is free.
        await SubmitPatientAsync(signUp, "alice", "frank");
        await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "error");
        var takenUserName = await signUp.Message.InnerTextAsync();
        await Expect(signUp.UserNameError).ToHaveCountAsync(0);

        // "bob" is a demo patient's identity; the user name "frank.new" is free.
        await SubmitPatientAsync(signUp, "frank.new", "bob");
        await Expect(signUp.Message).ToHaveAttributeAsync("data-kind", "error");
        var takenIdentity = await signUp.Message.InnerTextAsync();
        await Expect(signUp.IdentityError).ToHaveCountAsync(0);

        Assert.Equal(NotAvailable, takenUserName.Trim());
        Assert.Equal(takenUserName, takenIdentity);

        // Neither refusal stored anything (the first one's registration for "frank" was rolled back with its account).
        var after = await PortalDatabase.ReadAsync(App.DatabasePath);
        Assert.Equal(before.AccountRows, after.AccountRows);
        AssertNoBrowserProblems();
    }

    /// <summary>Opens the sign-up page afresh and sends a complete patient request.</summary>
    private static async Task SubmitPatientAsync(SignUpPage signUp, string userName, string identity)
    {
        await signUp.OpenAsync();
        await signUp.FillPatientAsync(userName, $"Applicant {identity}", "a-long-password-1", identity, $"{identity}-thumb-template-0001");
        await signUp.SubmitAsync();
    }
}
