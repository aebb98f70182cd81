using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// The portal's sign-in over a real Kestrel on 127.0.0.1 in this process, on a <see cref="ManualClock"/> the test
/// advances: the services and pipeline as Program.cs adds them (storage, services, security, hardening, the account
/// endpoints) over a fresh data folder without demo data (or a PostgreSQL test database, where a second instance can
/// share it: <see cref="StartAnotherInstanceAsync"/>), plus GET /token for an anti-forgery token (the login page
/// itself needs the Razor components, which this host leaves out). <see cref="ClientFrom"/> connects from any
/// 127.0.0.x, so that requests come from many client addresses.
/// </summary>
public sealed class SignInWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PostgresTestDatabase? _postgres;

    // False for a second instance: the database and the folder are the first one's, which deletes them.
    private readonly bool _ownsStorage;

    private SignInWebHost(WebApplication app, string folder, ManualClock clock, Uri baseUrl, PostgresTestDatabase? postgres, bool ownsStorage) =>
        (_app, Folder, Clock, BaseUrl, _postgres, _ownsStorage) = (app, folder, clock, baseUrl, postgres, ownsStorage);

    public string Folder { get; }

    public ManualClock Clock { get; }

    public Uri BaseUrl { get; }

    /// <summary>Every address the host listens on (several when --urls names them).</summary>
    public IReadOnlyList<Uri> Addresses => _app.Urls.Select(u => new Uri(u + "/")).ToList();

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Command-line style configuration, e.g. --urls or Kestrel certificate settings.</param>
    public static Task<SignInWebHost> StartAsync(params string[] settings) => StartInAsync(NewFolder(), ManualClock.StartingNow(), null, ownsStorage: true, settings);

    /// <summary>A host on a new database of the PostgreSQL test server, as one of several instances would run.</summary>
    public static async Task<SignInWebHost> StartOnPostgresAsync() =>
        await StartInAsync(NewFolder(), ManualClock.StartingNow(), await PostgresTestDatabase.CreateAsync(), ownsStorage: true, []);

    /// <summary>A second instance on this one's database, data folder and clock (a second process behind nginx); it leaves the storage to this one.</summary>
    public Task<SignInWebHost> StartAnotherInstanceAsync() => StartInAsync(Folder, Clock, _postgres, ownsStorage: false, []);

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "emrauth-signin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<SignInWebHost> StartInAsync(string folder, ManualClock clock, PostgresTestDatabase? postgres, bool ownsStorage, string[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = settings });
        builder.Logging.ClearProviders();
        if (!settings.Contains("--urls"))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        builder.Services.AddPortalStorage(folder, clock, postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres, postgres?.ConnectionString);
        builder.Services.AddPortalServices();
        builder.Services.AddEmrAuthSecurity();
        builder.AddWebHardening();
        var app = builder.Build();
        app.UseWebHardening();
        app.UseEmrAuthSecurity();
        app.MapAccountEndpoints();
        app.MapGet("/token", (HttpContext http, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(http).RequestToken!).AllowAnonymous();
        await app.Services.GetRequiredService<PortalInitializer>().InitializeAsync();
        await app.StartAsync();
        var address = app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal));
        return new SignInWebHost(app, folder, clock, new Uri(address + "/"), postgres, ownsStorage);
    }

    /// <summary>Creates an account with <paramref name="password"/>.</summary>
    public async Task AddAccountAsync(string userName, string password, string role = Roles.Patient)
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EmrAuthDbContext>>().CreateDbContextAsync();
        await Services.GetRequiredService<AccountService>().CreateAsync(db, userName, password, role, userName, userName);
    }

    /// <summary>A cookie-keeping, non-redirecting client whose connections come from 127.0.0.<paramref name="lastOctet"/>.</summary>
    public HttpClient ClientFrom(int lastOctet)
    {
        var local = new IPAddress([127, 0, 0, (byte)lastOctet]);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseUrl };
    }

    /// <summary>Posts the sign-in form from <paramref name="client"/> (fetching a token first) and returns the redirect's target.</summary>
    public static async Task<(HttpStatusCode Status, Uri? Location)> SignInAsync(HttpClient client, string userName, string password)
    {
        var token = await client.GetStringAsync("/token");
        using var response = await client.PostAsync(RoleHome.LoginPath, new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("userName", userName), new("password", password),
        ]));
        return (response.StatusCode, response.Headers.Location);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsStorage)
        {
            return;
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        using (var connection = new SqliteConnection(PortalStorage.ConnectionString(Folder)))
        {
            SqliteConnection.ClearPool(connection);
        }
        Directory.Delete(Folder, recursive: true);
    }
}
