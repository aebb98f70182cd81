using System.Net;
using EmrAuth.E2E.Infrastructure;

namespace EmrAuth.E2E.Integration;

/// <summary>A second app instance with the app's own login rate limit (5 attempts per client address and minute).</summary>
public sealed class DefaultRateLimitWebAppFixture() : WebAppFixture(loginPermitLimit: null);

/// <summary>Tests that need the app's default login rate limit get their own app, so no other test spends its attempts.</summary>
[CollectionDefinition(Name)]
public sealed class DefaultRateLimitCollection : ICollectionFixture<DefaultRateLimitWebAppFixture>
{
    public const string Name = "Default login rate limit";
}

/// <summary>
/// The login rate limit and what refused sign-ins leave behind, against a real app that no other test uses.
/// Everything is one test: the fixed one-minute window starts at this app's first sign-in post, so all posts fall in it.
/// </summary>
/// <remarks>
/// The portal's other forms — sign-up, record creation, visit actions, approvals — are Blazor circuit actions, not
/// HTTP posts: their bad-input and authorization rules are covered at the service layer by
/// EmrAuth.Tests/Web/Services and in the browser by the Playwright tests of this project.
/// </remarks>
[Collection(DefaultRateLimitCollection.Name)]
public sealed class LoginRateLimitTests(DefaultRateLimitWebAppFixture app)
{
    private const int DefaultPermitLimit = 5;

    [Fact]
    public async Task Five_bad_sign_ins_are_answered_the_sixth_gets_429_and_nothing_is_stored()
    {
        var before = await PortalDatabase.ReadAsync(app.DatabasePath);
        using var client = new PortalClient(app.BaseUrl);

        // Five refused attempts of different kinds, each within the limit: back to the form with a message.
        var attempts = new (string UserName, string Password, string? Token, string Error)[]
        {
            ("", "", null, "1"),
            ("no.such.account", PortalClient.DemoPassword, null, "1"),
            ("alice", "not-the-password", null, "1"),
            ("alice", new string('p', 300), null, "1"),
            ("alice", PortalClient.DemoPassword, "", "expired"), // no anti-forgery token
        };
        Assert.Equal(DefaultPermitLimit, attempts.Length);
        foreach (var (userName, password, token, error) in attempts)
        {
            using var response = await client.SubmitLoginAsync(userName, password, token);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect,
                $"Attempt as '{userName}' answered {(int)response.StatusCode}, not 302.");
            Assert.Equal(error, PortalClient.QueryValue(client.LocationOf(response), "error"));
            Assert.Empty(PortalClient.SetCookies(response, PortalClient.SessionCookie));
        }

        // The sixth is refused before the password is even checked.
        using (var sixth = await client.SubmitLoginAsync("alice", "not-the-password"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
            Assert.True(sixth.Headers.RetryAfter is not null, "No Retry-After header.");
            Assert.Empty(PortalClient.SetCookies(sixth, PortalClient.SessionCookie));
            Assert.Contains("Too many sign-in attempts", await PortalClient.TextOfAsync(sixth));
        }

        // So is a right password now, from the same address, even from a fresh client (no cookies).
        using (var fresh = new PortalClient(app.BaseUrl))
        {
            using var seventh = await fresh.SubmitLoginAsync("alice", PortalClient.DemoPassword);
            Assert.Equal(HttpStatusCode.TooManyRequests, seventh.StatusCode);
            Assert.Empty(PortalClient.SetCookies(seventh, PortalClient.SessionCookie));
            Assert.False(fresh.HasSession);
        }

        Assert.False(client.HasSession);
        using (var protectedPage = await client.GetAsync("/patient"))
        {
            Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
            Assert.Equal(PortalClient.LoginPath, client.LocationOf(protectedPage).AbsolutePath);
        }

        // Refused sign-ins stored nothing: no account added or changed (hashes included), no audit entry.
        var after = await PortalDatabase.ReadAsync(app.DatabasePath);
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.AccountRows, after.AccountRows);
        Assert.Equal(before.AuditEntries, after.AuditEntries);
        Assert.Equal(before.LastAuditId, after.LastAuditId);
        Assert.True(before.Accounts >= 10, $"Expected the ten demo accounts, found {before.Accounts}.");
    }
}
