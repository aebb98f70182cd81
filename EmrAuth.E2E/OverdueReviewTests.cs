using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// Issue 14's overdue reviews end to end, on a portal of this class's own whose review period is a few seconds: a doctor
/// breaks the glass, the access shows on the cloud administrator's overdue list once the period is over, and leaves it
/// (live, on the open page) when the hospital's administrator reviews it.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class OverdueReviewTests(OverdueReviewTests.ShortReviewApp app, BrowserFixture browser)
    : BrowserJourney(app, browser), IClassFixture<OverdueReviewTests.ShortReviewApp>
{
    /// <summary>A portal whose break-glass reviews are due <see cref="ReviewDue"/> after the access; the time box stays the default 4 h.</summary>
    public sealed class ShortReviewApp : WebAppFixture
    {
        public static readonly TimeSpan ReviewDue = TimeSpan.FromSeconds(5);

        protected override IEnumerable<(string Key, string Value)> Settings => [("BreakGlass:ReviewDue", ReviewDue.ToString("c"))];
    }

    [Fact]
    public async Task An_access_left_unreviewed_past_the_review_period_is_listed_for_the_cloud_until_its_hospital_reviews_it()
    {
        var doctor = await BreakGlassPages.OpenAsAsync(Sessions, App.BaseUrl, "dr.huang", DemoPassword, "doctor", "doctor/emergency");
        await doctor.BreakTheGlassForBobAsync();
        await Expect(doctor.Outcome).ToContainTextAsync("north-general released the record to you");

        var cloud = await BreakGlassPages.OpenAsAsync(Sessions, App.BaseUrl, "cloud.admin", DemoPassword, "cloud", "cloud/break-glass");
        await cloud.ReloadUntilOverdueAsync("dr-huang", ShortReviewApp.ReviewDue + TimeSpan.FromSeconds(ExpectTimeoutMs / 1000));
        var row = cloud.Overdue("dr-huang");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("north-general");
        await Expect(row).ToContainTextAsync("bob");
        await Expect(row.GetByTestId("overdue-by")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ (s|min)$"));
        await Screenshots.SaveAsync(cloud.Page, "cloud-overdue-reviews.png", hideToasts: true);
        await MudUi.MarkDocumentAsync(cloud.Page, "overdue");

        var admin = await BreakGlassPages.OpenAsAsync(Sessions, App.BaseUrl, "admin.north", DemoPassword, "hospital", "hospital/break-glass");
        await Expect(admin.Review("dr-huang")).ToContainTextAsync("Review overdue");
        await admin.ReviewAsync("dr-huang", justified: true, "Seizure patient brought in unconscious: justified, reviewed late.");
        await Expect(admin.Review("dr-huang").GetByTestId("bg-review-done")).ToContainTextAsync("Justified by admin.north");

        await Expect(cloud.OverdueEmpty).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.True(await MudUi.IsSameDocumentAsync(cloud.Page, "overdue"), "the overdue list should update on the open page");
        AssertNoBrowserProblems();
    }
}
