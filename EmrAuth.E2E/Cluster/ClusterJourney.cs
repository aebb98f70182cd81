using EmrAuth.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Cluster;

/// <summary>
/// A browser journey over two portal instances on one PostgreSQL database (<see cref="PortalCluster"/>): each person's
/// browser context talks to one instance, as nginx's sticky sessions would place them. No browser problems allowed.
/// </summary>
public abstract class ClusterJourney : IAsyncLifetime
{
    protected const string DemoPassword = "emrauth-demo-2026";

    // Updates cross instances through the database's notifications, so allow more than the one-process journeys do.
    protected const float ExpectTimeoutMs = 20_000;

    protected ClusterJourney(PortalCluster cluster, BrowserFixture browser)
    {
        Cluster = cluster;
        Browser = browser;
        OnA = new BrowserSessions(browser, cluster.A.BaseUrl, ExpectTimeoutMs);
        OnB = new BrowserSessions(browser, cluster.B.BaseUrl, ExpectTimeoutMs);
        SetDefaultExpectTimeout(ExpectTimeoutMs);
    }

    protected PortalCluster Cluster { get; }

    protected BrowserFixture Browser { get; }

    /// <summary>People whose browser talks to instance A.</summary>
    protected BrowserSessions OnA { get; }

    /// <summary>People whose browser talks to instance B.</summary>
    protected BrowserSessions OnB { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await OnA.DisposeAsync();
        await OnB.DisposeAsync();
    }

    /// <summary>No page had a script error, a console error or an HTTP error response, except what <paramref name="expected"/> allows.</summary>
    protected void AssertNoBrowserProblems(Func<string, bool>? expected = null)
    {
        var problems = OnA.Problems.Concat(OnB.Problems).Where(p => expected?.Invoke(p) != true).ToList();
        Assert.True(problems.Count == 0, $"Browser problems:\n{string.Join('\n', problems)}\n{Cluster.Output}");
    }
}
