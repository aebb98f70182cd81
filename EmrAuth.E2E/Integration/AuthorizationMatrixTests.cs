using System.Net;
using System.Text.RegularExpressions;
using EmrAuth.E2E.Infrastructure;

namespace EmrAuth.E2E.Integration;

/// <summary>What a GET of a page gives one kind of visitor.</summary>
public enum Outcome
{
    /// <summary>200 and the page itself.</summary>
    Allow,

    /// <summary>302 to /account/login?returnUrl={the page}.</summary>
    Login,

    /// <summary>302 to /account/denied?returnUrl={the page}, which answers 403 "You don't have access to this page".</summary>
    Denied,

    /// <summary>302 to the signed-in role's home page (the root page only).</summary>
    Home,

    /// <summary>403 and the "no access" page itself (the denied page only).</summary>
    NoAccessPage,
}

/// <summary>Who asks: nobody signed in, or a demo account of each role.</summary>
public enum Visitor
{
    Anonymous,
    Patient,
    Doctor,
    HospitalAdmin,
    CloudAdmin,
}

public static class Visitors
{
    /// <summary>The theory rows of a matrix: each of <paramref name="keys"/> (a route or a path) for every visitor.</summary>
    public static TheoryData<string, Visitor> Cells(IEnumerable<string> keys)
    {
        var cells = new TheoryData<string, Visitor>();
        foreach (var key in keys)
        {
            foreach (var visitor in Enum.GetValues<Visitor>())
            {
                cells.Add(key, visitor);
            }
        }
        return cells;
    }
}

/// <summary>
/// Page authorization of the real app over HTTP (real Kestrel on 127.0.0.1, the real SQLite file, cookies, no
/// browser): every page route of the source × {anonymous, Patient, Doctor, HospitalAdmin, CloudAdmin}, checked
/// against the expected table <see cref="Matrix"/>. A page added to the source without a row in the table fails
/// <see cref="The_matrix_has_one_row_for_every_page_route_in_the_source"/>.
/// </summary>
/// <remarks>
/// This covers the endpoint authorization of each page (what a GET returns). The interactive forms on the pages —
/// sign-up, record creation, visit actions, approvals — are Blazor circuit actions, not HTTP posts, so they cannot be
/// driven from here: their bad-input and authorization rules (including object-level checks such as "only the visit's
/// own patient or doctor may act on it") are covered at the service layer by EmrAuth.Tests/Web/Services and in the
/// browser by the Playwright tests of this project.
/// </remarks>
[Collection(E2ECollection.Name)]
public sealed class AuthorizationMatrixTests(WebAppFixture app)
{
    private const Outcome Allow = Outcome.Allow;
    private const Outcome Login = Outcome.Login;
    private const Outcome Denied = Outcome.Denied;
    private const Outcome Home = Outcome.Home;
    private const Outcome NoAccess = Outcome.NoAccessPage;

    /// <summary>The expected outcome of a GET of every page route, per visitor. Keep one row per @page directive.</summary>
    private static readonly (string Route, Outcome Anonymous, Outcome Patient, Outcome Doctor, Outcome HospitalAdmin, Outcome CloudAdmin)[] Matrix =
    [
        //  route                       anonymous  Patient  Doctor   Hospital CloudAdmin
        ("/",                           Login,     Home,    Home,    Home,    Home),
        ("/account/login",              Allow,     Allow,   Allow,   Allow,   Allow),
        ("/account/logout",             Allow,     Allow,   Allow,   Allow,   Allow),
        ("/account/denied",             NoAccess,  NoAccess, NoAccess, NoAccess, NoAccess),
        ("/Error",                      Allow,     Allow,   Allow,   Allow,   Allow),
        ("/demo",                       Allow,     Allow,   Allow,   Allow,   Allow),
        ("/signup",                     Allow,     Allow,   Allow,   Allow,   Allow),
        ("/setup",                      Allow,     Allow,   Allow,   Allow,   Allow),
        ("/patient",                    Login,     Allow,   Denied,  Denied,  Denied),
        ("/patient/records-access",     Login,     Allow,   Denied,  Denied,  Denied),
        ("/patient/migrations",         Login,     Allow,   Denied,  Denied,  Denied),
        ("/patient/consent",            Login,     Allow,   Denied,  Denied,  Denied),
        ("/patient/delegates",          Login,     Allow,   Denied,  Denied,  Denied),
        ("/doctor",                     Login,     Denied,  Allow,   Denied,  Denied),
        ("/doctor/register",            Login,     Denied,  Allow,   Denied,  Denied),
        ("/doctor/grant-search",        Login,     Denied,  Allow,   Denied,  Denied),
        ("/doctor/emergency",           Login,     Denied,  Allow,   Denied,  Denied),
        ("/hospital",                   Login,     Denied,  Denied,  Allow,   Denied),
        ("/hospital/access",            Login,     Denied,  Denied,  Allow,   Denied),
        ("/hospital/migrations",        Login,     Denied,  Denied,  Allow,   Denied),
        ("/hospital/fhir",              Login,     Denied,  Denied,  Allow,   Denied),
        ("/hospital/break-glass",       Login,     Denied,  Denied,  Allow,   Denied),
        ("/cloud",                      Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/certificates",         Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/accounts",             Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/directory",            Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/visits",               Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/audit",                Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/attack-lab",           Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/migrations",           Login,     Denied,  Denied,  Denied,  Allow),
        ("/cloud/break-glass",          Login,     Denied,  Denied,  Denied,  Allow),
        // A random visit id: every role may open the page, which says "not found" without revealing anything.
        ("/visits/{Id:guid}",           Login,     Allow,   Allow,   Allow,   Allow),
        // A random migration id: its patient, the two hospitals' admins and the TTPH's operators may open one; doctors take no part.
        ("/migrations/{Id:guid}",       Login,     Allow,   Denied,  Allow,   Allow),
    ];

    /// <summary>The demo account that plays each role.</summary>
    private static readonly Dictionary<Visitor, (string UserName, string Home)> Accounts = new()
    {
        [Visitor.Patient] = ("alice", "/patient"),
        [Visitor.Doctor] = ("dr.chen", "/doctor"),
        [Visitor.HospitalAdmin] = ("admin.north", "/hospital"),
        [Visitor.CloudAdmin] = ("cloud.admin", "/cloud"),
    };

    public static TheoryData<string, Visitor> Cells() => Visitors.Cells(Matrix.Select(r => r.Route));

    [Fact]
    public void The_matrix_has_one_row_for_every_page_route_in_the_source()
    {
        var inSource = PageRoutesInSource();
        var inMatrix = Matrix.Select(r => r.Route).ToList();

        Assert.True(inMatrix.Count == inMatrix.Distinct(StringComparer.Ordinal).Count(),
            "The matrix lists a route twice.");
        var missing = inSource.Except(inMatrix, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var extra = inMatrix.Except(inSource, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Page routes without a matrix row: [{string.Join(", ", missing)}]; matrix rows without a page: [{string.Join(", ", extra)}].");
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_page_answers_each_visitor_as_the_matrix_says(string route, Visitor visitor)
    {
        var row = Matrix.Single(r => r.Route == route);
        var expected = visitor switch
        {
            Visitor.Anonymous => row.Anonymous,
            Visitor.Patient => row.Patient,
            Visitor.Doctor => row.Doctor,
            Visitor.HospitalAdmin => row.HospitalAdmin,
            Visitor.CloudAdmin => row.CloudAdmin,
            _ => throw new ArgumentOutOfRangeException(nameof(visitor)),
        };

        using var client = new PortalClient(app.BaseUrl);
        if (visitor != Visitor.Anonymous)
        {
            await client.SignInAsync(Accounts[visitor].UserName);
        }

        var path = Concrete(route);
        using var response = await client.GetAsync(path);
        var body = await PortalClient.TextOfAsync(response);
        var status = (int)response.StatusCode;
        var cell = $"GET {path} as {visitor}: expected {expected}, got {status}";

        switch (expected)
        {
            case Outcome.Allow:
                Assert.True(response.StatusCode == HttpStatusCode.OK, cell);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain(PortalClient.NoAccessHeading, body);
                if (route != PortalClient.LoginPath)
                {
                    Assert.DoesNotContain("data-testid=\"login-form\"", body);
                }

                if (route.StartsWith("/visits/", StringComparison.Ordinal))
                {
                    // No such visit: the page says so, and shows no visit's parties.
                    Assert.Contains("not found", body, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("data-testid=\"visit-patient\"", body);
                    Assert.DoesNotContain("data-testid=\"visit-doctor\"", body);
                }

                if (route.StartsWith("/migrations/", StringComparison.Ordinal))
                {
                    Assert.Contains("not found", body, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("data-testid=\"migration-source\"", body);
                }

                break;

            case Outcome.Login:
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, cell);
                var location = client.LocationOf(response);
                Assert.Equal(PortalClient.LoginPath, location.AbsolutePath);
                Assert.Equal(path, PortalClient.QueryValue(location, "returnUrl"));
                Assert.Equal(app.BaseUrl.Authority, location.Authority);
                break;
            }

            case Outcome.Denied:
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, cell);
                var location = client.LocationOf(response);
                Assert.True(location.AbsolutePath == PortalClient.DeniedPath, $"{cell} to {location}");
                Assert.Equal(app.BaseUrl.Authority, location.Authority);

                using var denied = await client.GetAsync(location.PathAndQuery);
                Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
                var deniedText = await PortalClient.TextOfAsync(denied);
                Assert.Contains(PortalClient.NoAccessHeading, deniedText);
                Assert.Contains("This page belongs to another role.", deniedText);
                break;
            }

            case Outcome.Home:
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, cell);
                var location = client.LocationOf(response);
                Assert.Equal(Accounts[visitor].Home, location.AbsolutePath);
                Assert.Equal(app.BaseUrl.Authority, location.Authority);
                break;
            }

            case Outcome.NoAccessPage:
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, cell);
                Assert.Contains(PortalClient.NoAccessHeading, body);
                Assert.Contains(visitor == Visitor.Anonymous ? "Please sign in first." : "This page belongs to another role.", body);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(expected));
        }
    }

    [Fact]
    public async Task The_Blazor_script_and_the_login_pages_assets_load_without_signing_in()
    {
        using var client = new PortalClient(app.BaseUrl);

        using (var script = await client.GetAsync("/_framework/blazor.web.js"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }

        // Every script and stylesheet the login page refers to, as the browser would fetch it.
        using var login = await client.GetAsync(PortalClient.LoginPath);
        var html = await login.Content.ReadAsStringAsync();
        var assets = Regex.Matches(html, @"<(?:script[^>]*\ssrc|link[^>]*\shref)=""([^""]+)""", RegexOptions.IgnoreCase)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(url => !url.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("//", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {asset} anonymously answered {(int)response.StatusCode}.");
        }
    }

    [Fact]
    public async Task An_address_without_a_page_sends_anonymous_visitors_to_sign_in_and_is_not_found_when_signed_in()
    {
        const string path = "/no-such-page";
        using var client = new PortalClient(app.BaseUrl);

        using (var anonymous = await client.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Equal(PortalClient.LoginPath, client.LocationOf(anonymous).AbsolutePath);
        }

        await client.SignInAsync("alice");
        using var signedIn = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, signedIn.StatusCode);
    }

    /// <summary>Every @page route (and [Route] on code-behind components) in EmrAuth.Web (Components/ and Features/).</summary>
    private static HashSet<string> PageRoutesInSource()
    {
        var components = Path.Combine(RepoPaths.Root, "EmrAuth.Web");
        Assert.True(Directory.Exists(components), $"No {components}.");
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles(components, "*.razor"))
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(file), @"^\s*@page\s+""([^""]+)""", RegexOptions.Multiline))
            {
                routes.Add(match.Groups[1].Value);
            }
        }

        foreach (var file in SourceFiles(components, "*.cs"))
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(file), @"\[\s*(?:Microsoft\.AspNetCore\.Components\.)?Route(?:Attribute)?\s*\(\s*""([^""]+)""\s*\)\s*\]"))
            {
                routes.Add(match.Groups[1].Value);
            }
        }

        Assert.NotEmpty(routes);
        return routes;
    }

    private static IEnumerable<string> SourceFiles(string project, string pattern) =>
        Directory.EnumerateFiles(project, pattern, SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The route with each parameter filled in: a fresh random Guid for a guid parameter.</summary>
    private static string Concrete(string route) =>
        Regex.Replace(route, @"\{([^}:]+)(?::([^}]+))?\}", m => m.Groups[2].Value switch
        {
            "guid" => Guid.NewGuid().ToString(),
            var constraint => throw new InvalidOperationException(
                $"No sample value for the route parameter {m.Value} ({constraint}) in {route}: add one to {nameof(Concrete)}."),
        });
}
