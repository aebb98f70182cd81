using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EmrAuth.E2E.Infrastructure;

namespace EmrAuth.E2E.Integration;

/// <summary>
/// The app as deployed: <c>dotnet publish</c> of the built EmrAuth.Web (once, into a temporary folder, deleted
/// afterwards), started from the publish folder with ASPNETCORE_ENVIRONMENT=Production and an empty data folder.
/// </summary>
public sealed partial class PublishedProductionAppFixture() : WebAppFixture(loginPermitLimit: 100), IAsyncLifetime
{
    private readonly string _publishFolder = Path.Combine(Path.GetTempPath(), "emrauth-publish-" + Guid.NewGuid().ToString("N"));
    private Task<string>? _published;

    protected override string EnvironmentName => "Production";

    /// <summary>The one-time setup token the app printed to its console, once it has.</summary>
    public string? SetupToken => SetupTokenLine().Match(Output) is { Success: true } m ? m.Groups[1].Value : null;

    protected override async Task<(string Executable, string ContentRoot)> LocateAppAsync()
    {
        var folder = await (_published ??= PublishAsync());
        return (Path.Combine(folder, "EmrAuth.Web"), folder);
    }

    /// <summary>Publishes the build the tests run against (same configuration, --no-build: the files are those just built).</summary>
    private async Task<string> PublishAsync()
    {
        var configuration = Path.GetRelativePath(Path.Combine(RepoPaths.Root, "EmrAuth.E2E", "bin"), AppContext.BaseDirectory)
            .Split(Path.DirectorySeparatorChar)[0];
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { "publish", Path.Combine("EmrAuth.Web", "EmrAuth.Web.csproj"), "-c", configuration, "--no-build", "-o", _publishFolder })
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var publish = Process.Start(startInfo)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await output}\n{await errors}");
        }
        return _publishFolder;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (Directory.Exists(_publishFolder))
        {
            Directory.Delete(_publishFolder, recursive: true);
        }
    }

    [GeneratedRegex(@"EmrAuth setup token: ([0-9a-f]{48})")]
    private static partial Regex SetupTokenLine();
}

/// <summary>
/// Issue 11, item 1 and finding 9: a published build in Production serves its pages and static assets, has no demo
/// account (the published demo password is refused), and gets its first administrator through the one-time setup token.
/// </summary>
public sealed partial class ProductionStartTests(PublishedProductionAppFixture app) : IClassFixture<PublishedProductionAppFixture>
{
    private const string AdminPassword = "a-long-production-password-1";

    [Fact]
    public async Task Pages_and_static_assets_are_served()
    {
        using var client = new PortalClient(app.BaseUrl);
        using var login = await client.GetAsync(PortalClient.LoginPath);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync();
        string[] expected = ["_content/MudBlazor/MudBlazor.min", "_framework/blazor.web", "app.", "EmrAuth.Web.", "theme."];
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        foreach (var prefix in expected)
        {
            var found = assets.Where(a => a.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.True(found.Count > 0, $"The login page references no asset starting {prefix}: {string.Join(", ", assets)}");
            foreach (var asset in found)
            {
                using var response = await client.GetAsync("/" + asset);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{asset} answered {(int)response.StatusCode}.");
                Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"/{asset} is empty.");
            }
        }
        // The framework script under its plain name too (the import map points to the fingerprinted one).
        using var blazor = await client.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, blazor.StatusCode);
        using var setup = await client.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
    }

    [Fact]
    public async Task No_demo_account_exists()
    {
        foreach (var demo in new[] { "cloud.admin", "alice", "admin.north" })
        {
            using var client = new PortalClient(app.BaseUrl);
            using var response = await client.SubmitLoginAsync(demo, PortalClient.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("1", PortalClient.QueryValue(client.LocationOf(response), "error"));
            Assert.False(client.HasSession, $"{demo} signed in with the published demo password.");
        }
    }

    [Fact]
    public async Task The_setup_token_from_the_console_creates_the_first_administrator_once()
    {
        var token = app.SetupToken;
        Assert.True(token is not null, "The app printed no setup token:\n" + app.Output);
        Assert.DoesNotContain("info:", app.Output.Split('\n').Single(l => l.Contains(token, StringComparison.Ordinal)));
        using var client = new PortalClient(app.BaseUrl);

        // A wrong token is refused and creates nothing.
        using (var wrong = await PostSetupAsync(client, new string('0', 48), "root.admin"))
        {
            Assert.Equal("/setup?problem=token", client.LocationOf(wrong).PathAndQuery);
        }

        using (var created = await PostSetupAsync(client, token!, "root.admin"))
        {
            Assert.Equal("/account/login?setup=1", client.LocationOf(created).PathAndQuery);
        }

        // The token is used up: a second administrator cannot be made with it.
        using (var again = await PostSetupAsync(client, token!, "second.admin"))
        {
            Assert.Equal("/setup?problem=token", client.LocationOf(again).PathAndQuery);
        }
        using (var closed = await client.GetAsync("/setup"))
        {
            Assert.Contains("Setup is closed", await PortalClient.TextOfAsync(closed));
        }

        using var signIn = await client.SubmitLoginAsync("root.admin", AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/cloud", client.LocationOf(signIn).AbsolutePath);
        Assert.True(client.HasSession);
        using var cloud = await client.GetAsync("/cloud");
        Assert.Equal(HttpStatusCode.OK, cloud.StatusCode);
        using var other = new PortalClient(app.BaseUrl);
        using var refused = await other.SubmitLoginAsync("second.admin", AdminPassword);
        Assert.Equal("1", PortalClient.QueryValue(other.LocationOf(refused), "error"));
    }

    private static async Task<HttpResponseMessage> PostSetupAsync(PortalClient client, string token, string userName)
    {
        // Anti-forgery tokens are not per page; the login page has one even when setup is closed.
        var antiforgery = await client.GetTokenAsync();
        var response = await client.PostFormAsync("/setup",
        [
            new(PortalClient.TokenField, antiforgery), new("token", token), new("userName", userName),
            new("displayName", "Root Administrator"), new("password", AdminPassword),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    [GeneratedRegex(@"(?:href|src)=""/?([^""]+\.(?:css|js))""")]
    private static partial Regex AssetReference();
}
