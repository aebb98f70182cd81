using System.Net;
using System.Net.Http.Headers;
using EmrAuth.E2E.Infrastructure;
using Microsoft.Playwright;

namespace EmrAuth.E2E.Integration;

/// <summary>
/// Issue 11, finding 8, against the real app: every response carries the CSP and the other security headers and no
/// Server header; a malformed multipart sign-in post is a 400 without a stack trace; and the CSP lets Blazor Server and
/// MudBlazor work: Chromium reports no violation on the main pages of every role.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SecurityHeadersTests(WebAppFixture app, BrowserFixture browser)
{
    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/patient", HttpStatusCode.Redirect)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.Redirect)]
    public async Task Every_response_has_the_security_headers_and_no_server_header(string path, HttpStatusCode status)
    {
        using var client = new PortalClient(app.BaseUrl);
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Matches(@"^'self' 'nonce-[A-Za-z0-9+/=]{24}'$", directives["script-src"]);
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["frame-ancestors"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("*", csp);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        Assert.False(response.Headers.Contains("Server"), "The response names its server.");
        // Plain HTTP: no HSTS (browsers ignore it there); HTTPS is EmrAuth.Tests' HttpsHardeningTests.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_malformed_multipart_sign_in_post_is_a_400_without_a_stack_trace()
    {
        using var client = new PortalClient(app.BaseUrl);
        foreach (var body in new[]
        {
            "--abc\r\nContent-Disposition: form-data; name=\"userName\"\r\n\r\nalice", // ends inside a section
            "no boundary at all",
            "--abc\r\nContent-Disposition: form-data; name=\"userName\"\r\n", // headers never end
        })
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
            using var response = await client.Http.PostAsync(PortalClient.LoginPath, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {body}: {text}");
            Assert.DoesNotContain("Exception", text);
            Assert.DoesNotContain(" at ", text);
        }
        using var noBoundary = new StringContent("x", System.Text.Encoding.UTF8);
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        using var missing = await client.Http.PostAsync(PortalClient.LoginPath, noBoundary);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Chromium_reports_no_CSP_violation_on_the_main_pages()
    {
        await using var sessions = new BrowserSessions(browser, app.BaseUrl, 30_000);
        var violations = new List<string>();
        async Task WatchAsync(IPage page, params string[] paths)
        {
            page.Console += (_, m) =>
            {
                if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (violations)
                    {
                        violations.Add($"{page.Url}: {m.Text}");
                    }
                }
            };
            foreach (var path in paths)
            {
                // Network idle: every script, style and font the page asks for has been loaded or refused.
                await page.GotoAsync(new Uri(app.BaseUrl, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            }
        }

        await WatchAsync(await sessions.NewPageAsync(), "account/login", "signup", "demo", "setup");
        await WatchAsync(await sessions.SignedInPageAsync("alice", PortalClient.DemoPassword, "patient"), "patient", "patient/records-access");
        await WatchAsync(await sessions.SignedInPageAsync("dr.chen", PortalClient.DemoPassword, "doctor"), "doctor");
        await WatchAsync(await sessions.SignedInPageAsync("admin.north", PortalClient.DemoPassword, "hospital"), "hospital");
        await WatchAsync(await sessions.SignedInPageAsync("cloud.admin", PortalClient.DemoPassword, "cloud"), "cloud", "cloud/audit", "cloud/attack-lab");

        Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join('\n', violations));
        Assert.True(sessions.Problems.Count == 0, "Browser problems:\n" + string.Join('\n', sessions.Problems));
    }
}
