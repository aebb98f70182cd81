using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Infrastructure;

/// <summary>A browser journey over the shared app: several people in their own contexts, demo accounts, no browser problems allowed.</summary>
public abstract class BrowserJourney : IAsyncLifetime
{
    protected const string DemoPassword = "emrauth-demo-2026";
    protected const float ExpectTimeoutMs = 15_000;

    protected BrowserJourney(WebAppFixture app, BrowserFixture browser)
    {
        App = app;
        Sessions = new BrowserSessions(browser, app.BaseUrl, ExpectTimeoutMs);
        SetDefaultExpectTimeout(ExpectTimeoutMs);
    }

    protected WebAppFixture App { get; }

    protected BrowserSessions Sessions { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Sessions.DisposeAsync();

    /// <summary>No page of the journey had a script error, a console error or an HTTP error response.</summary>
    protected void AssertNoBrowserProblems() =>
        Assert.True(Sessions.Problems.Count == 0, $"Browser problems:\n{string.Join('\n', Sessions.Problems)}\nApp output:\n{App.Output}");
}
