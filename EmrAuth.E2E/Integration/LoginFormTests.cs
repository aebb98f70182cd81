using System.Net;
using System.Net.Http.Json;
using EmrAuth.E2E.Infrastructure;

namespace EmrAuth.E2E.Integration;

/// <summary>
/// The sign-in and sign-out forms over HTTP against the real app (POST /account/login and /account/logout are the
/// only plain HTTP form posts the portal has): bad input, anti-forgery, the session cookie, open redirects and
/// sign-out. Runs on the shared app, whose login rate limit is raised (<see cref="WebAppFixture.TestLoginPermitLimit"/>);
/// the default limit is checked in <see cref="LoginRateLimitTests"/>.
/// </summary>
/// <remarks>
/// The portal's other forms — sign-up, record creation, visit actions, approvals — are Blazor circuit actions, not
/// HTTP posts: their bad-input and authorization rules are covered at the service layer by
/// EmrAuth.Tests/Web/Services and in the browser by the Playwright tests of this project.
/// </remarks>
[Collection(E2ECollection.Name)]
public sealed class LoginFormTests(WebAppFixture app)
{
    public static TheoryData<string, string, string> BadSignIns() => new()
    {
        { "empty fields", "", "" },
        { "unknown user", "no.such.account", PortalClient.DemoPassword },
        { "wrong password", "alice", "not-the-password" },
        { "300-character password", "alice", new string('p', 300) },
        { "300-character password starting with the right one", "alice", PortalClient.DemoPassword.PadRight(300, 'x') },
        { "300-character user name", new string('a', 300), PortalClient.DemoPassword },
        { "user name with markup", "<script>alert(1)</script>", "not-the-password" },
    };

    [Theory]
    [MemberData(nameof(BadSignIns))]
    public async Task Bad_sign_in_input_gets_the_generic_message_and_no_session(string kind, string userName, string password)
    {
        var before = await PortalDatabase.ReadAsync(app.DatabasePath);
        using var client = new PortalClient(app.BaseUrl);

        using var response = await client.SubmitLoginAsync(userName, password);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{kind}: {(int)response.StatusCode}");
        var location = client.LocationOf(response);
        Assert.Equal(PortalClient.LoginPath, location.AbsolutePath);
        Assert.Equal("1", PortalClient.QueryValue(location, "error"));
        Assert.Empty(PortalClient.SetCookies(response, PortalClient.SessionCookie));
        Assert.False(client.HasSession);

        using var page = await client.GetAsync(location.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = await PortalClient.TextOfAsync(page);
        Assert.Contains(PortalClient.GenericFailure, text);
        Assert.DoesNotContain("already-signed-in", text);
        if (userName.Length > 0 && userName != "alice")
        {
            Assert.DoesNotContain(userName, text); // the typed user name is not echoed back
        }

        // Nothing about accounts was written (the audit trail is checked on the dedicated app of LoginRateLimitTests,
        // where no other test can be writing visits at the same time).
        var after = await PortalDatabase.ReadAsync(app.DatabasePath);
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.AccountRows, after.AccountRows);
    }

    [Fact]
    public async Task A_sign_in_post_without_a_valid_anti_forgery_token_is_refused_even_with_the_right_password()
    {
        // No token field (the anti-forgery cookie is there).
        using (var client = new PortalClient(app.BaseUrl))
        {
            await client.GetTokenAsync();
            using var response = await client.SubmitLoginAsync("alice", PortalClient.DemoPassword, token: "");
            await AssertRefusedAsExpiredAsync(client, response);
        }

        // A token, but no anti-forgery cookie (as a cross-site form post with a token lifted from elsewhere would be).
        string lifted;
        using (var other = new PortalClient(app.BaseUrl))
        {
            lifted = await other.GetTokenAsync();
        }

        using (var client = new PortalClient(app.BaseUrl))
        {
            using var response = await client.SubmitLoginAsync("alice", PortalClient.DemoPassword, token: lifted);
            await AssertRefusedAsExpiredAsync(client, response);
        }

        // Its own anti-forgery cookie, but another client's token.
        using (var client = new PortalClient(app.BaseUrl))
        {
            await client.GetTokenAsync();
            using var response = await client.SubmitLoginAsync("alice", PortalClient.DemoPassword, token: lifted);
            await AssertRefusedAsExpiredAsync(client, response);
        }

        // A garbage token.
        using (var client = new PortalClient(app.BaseUrl))
        {
            await client.GetTokenAsync();
            using var response = await client.SubmitLoginAsync("alice", PortalClient.DemoPassword, token: "CfDJ8-not-a-token");
            await AssertRefusedAsExpiredAsync(client, response);
        }

        // Not a form at all.
        using (var client = new PortalClient(app.BaseUrl))
        {
            await client.GetTokenAsync();
            using var response = await client.Http.PostAsJsonAsync(PortalClient.LoginPath,
                new { userName = "alice", password = PortalClient.DemoPassword });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Empty(PortalClient.SetCookies(response, PortalClient.SessionCookie));
            Assert.False(client.HasSession);
        }
    }

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_session_cookie_and_goes_to_the_roles_home()
    {
        using var client = new PortalClient(app.BaseUrl);
        using var response = await client.SubmitLoginAsync("alice", PortalClient.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/patient", client.LocationOf(response).AbsolutePath);
        var cookie = Assert.Single(PortalClient.SetCookies(response, PortalClient.SessionCookie));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1)
            .Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        // A browser-session cookie: no Expires or Max-Age (the ticket inside expires after 20 idle minutes).
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal) || a.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.True(client.HasSession);

        using var home = await client.GetAsync("/patient");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/", "/patient")]
    [InlineData("//evil.example/", "/patient")]
    [InlineData("/\\evil.example/", "/patient")]
    [InlineData("/account/logout", "/patient")]
    [InlineData("/patient/records-access", "/patient/records-access")]
    public async Task After_signing_in_only_a_local_return_address_is_followed(string returnUrl, string expected)
    {
        using var client = new PortalClient(app.BaseUrl);
        using var response = await client.SubmitLoginAsync("alice", PortalClient.DemoPassword, returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = client.LocationOf(response);
        Assert.Equal(app.BaseUrl.Authority, location.Authority);
        Assert.Equal(expected, location.AbsolutePath);
    }

    [Fact]
    public async Task Signing_out_needs_the_anti_forgery_token_and_then_ends_the_session()
    {
        using var client = new PortalClient(app.BaseUrl);
        await client.SignInAsync("cloud.admin");
        using (var cloud = await client.GetAsync("/cloud"))
        {
            Assert.Equal(HttpStatusCode.OK, cloud.StatusCode);
        }

        // A sign-out post without a token (a forged cross-site post) does not sign out.
        using (var forged = await client.PostFormAsync(PortalClient.LogoutPath, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
            Assert.Equal(PortalClient.LogoutPath, client.LocationOf(forged).AbsolutePath);
            Assert.Empty(PortalClient.SetCookies(forged, PortalClient.SessionCookie));
        }

        using (var stillIn = await client.GetAsync("/cloud"))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        // The confirmation page's form (its token is bound to the signed-in user).
        var token = await client.GetTokenAsync(PortalClient.LogoutPath);
        using (var logout = await client.PostFormAsync(PortalClient.LogoutPath, [new(PortalClient.TokenField, token)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            var location = client.LocationOf(logout);
            Assert.Equal(PortalClient.LoginPath, location.AbsolutePath);
            Assert.Equal("1", PortalClient.QueryValue(location, "signedOut"));
            var cleared = Assert.Single(PortalClient.SetCookies(logout, PortalClient.SessionCookie));
            Assert.StartsWith(PortalClient.SessionCookie + "=;", cleared, StringComparison.Ordinal);
        }

        Assert.False(client.HasSession);
        using var after = await client.GetAsync("/cloud");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        var afterLocation = client.LocationOf(after);
        Assert.Equal(PortalClient.LoginPath, afterLocation.AbsolutePath);
        Assert.Equal("/cloud", PortalClient.QueryValue(afterLocation, "returnUrl"));
    }

    [Fact]
    public async Task A_session_cookie_copied_before_sign_out_is_refused_afterwards()
    {
        using var client = new PortalClient(app.BaseUrl);
        await client.SignInAsync("cloud.admin");
        var copied = client.Cookies.GetCookies(client.BaseUrl).Single(c => c.Name == PortalClient.SessionCookie).Value;
        var token = await client.GetTokenAsync(PortalClient.LogoutPath);
        using (var logout = await client.PostFormAsync(PortalClient.LogoutPath, [new(PortalClient.TokenField, token)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        using var thief = new PortalClient(app.BaseUrl);
        thief.Cookies.Add(thief.BaseUrl, new System.Net.Cookie(PortalClient.SessionCookie, copied));
        using var replayed = await thief.GetAsync("/cloud");

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal(PortalClient.LoginPath, thief.LocationOf(replayed).AbsolutePath);
    }

    private static async Task AssertRefusedAsExpiredAsync(PortalClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = client.LocationOf(response);
        Assert.Equal(PortalClient.LoginPath, location.AbsolutePath);
        Assert.Equal("expired", PortalClient.QueryValue(location, "error"));
        Assert.Empty(PortalClient.SetCookies(response, PortalClient.SessionCookie));
        Assert.False(client.HasSession);

        using var page = await client.GetAsync(location.PathAndQuery);
        Assert.Contains(PortalClient.ExpiredForm, await PortalClient.TextOfAsync(page));
        using var protectedPage = await client.GetAsync("/patient");
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
        Assert.Equal(PortalClient.LoginPath, client.LocationOf(protectedPage).AbsolutePath);
    }
}
