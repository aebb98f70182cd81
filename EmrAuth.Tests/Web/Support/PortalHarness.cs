using System.Security.Claims;
using System.Text;
using EmrAuth.Domain.Phases;
using EmrAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// The portal's real service graph, wired as Program.cs wires it, over a real SQLite file and real Data Protection
/// keys in a fresh temporary folder (deleted on disposal), empty or holding a copy of an existing data folder. No mocks:
/// <see cref="PortalInitializer"/> migrates, seeds the demo world through the real protocol (or keeps the one the folder
/// holds), and rebuilds the parties. <see cref="RestartAsync"/> stops the portal
/// (disposes the provider, closes the database) and starts a new one over the same folder, as a server restart does.
/// On <see cref="StorageProvider.Postgres"/> the database is a fresh one on the test server instead of the SQLite file
/// (<see cref="PostgresTestDatabase"/>); the keys and the anchor stay in the folder.
/// </summary>
public sealed class PortalHarness : IAsyncDisposable
{
    private PortalHarness(string folder, ManualClock clock, ProtocolProfile deployment, PostgresTestDatabase? postgres, bool ownsStorage = true)
    {
        Folder = folder;
        Clock = clock;
        Deployment = deployment;
        _postgres = postgres;
        _ownsStorage = ownsStorage;
    }

    private readonly PostgresTestDatabase? _postgres;

    // False for a second instance: the database and the folder are the first instance's, which deletes them.
    private readonly bool _ownsStorage;

    private readonly Dictionary<string, PortalSession> _sessions = [];
    private PortalSession? _anonymous;

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "emrauth.db");

    public string KeysPath => Path.Combine(Folder, "keys");

    public string AnchorPath => Path.Combine(Folder, "audit-head");

    /// <summary>The database engine ("Storage:Provider").</summary>
    public StorageProvider Provider => _postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres;

    /// <summary>As Program.cs builds it (SQLite), or the test's own PostgreSQL database.</summary>
    public string ConnectionString => _postgres?.ConnectionString ?? PortalStorage.ConnectionString(Folder);

    /// <summary>The protocol's clock, shared by every start so that a restart continues the same timeline.</summary>
    public ManualClock Clock { get; }

    /// <summary>The deployment's profile ("Protocol:Profile"): Hardened, as the portal runs by default, unless a test asks for Paper.</summary>
    public ProtocolProfile Deployment { get; }

    /// <summary>How many times the portal has been started over this folder.</summary>
    public int Starts { get; private set; }

    public ServiceProvider Services { get; private set; } = null!;

    public ProtocolHost Host => Get<ProtocolHost>();

    public MigrationHost MigrationNetwork => Get<MigrationHost>();

    public AccountService Accounts => Get<AccountService>();

    public VisitHub Hub => Get<VisitHub>();

    public SecretSealer Sealer => Get<SecretSealer>();

    /// <summary>
    /// The services as the account <paramref name="userName"/> sees them once signed in: a scope whose
    /// <see cref="AuthenticationStateProvider"/> holds the principal the cookie sign-in builds for that account.
    /// </summary>
    public PortalSession As(string userName)
    {
        if (!_sessions.TryGetValue(userName, out var session))
        {
            using var db = OpenDb();
            var account = db.Accounts.AsNoTracking().SingleOrDefault(a => a.UserName == userName)
                ?? throw new ArgumentException($"There is no account {userName}.", nameof(userName));
            session = _sessions[userName] = new PortalSession(Services, AccountService.CreatePrincipal(account));
        }
        return session;
    }

    /// <summary>
    /// As <see cref="As"/> for a party the demo world has no account for (a hospital or patient a test registers, or
    /// none at all): creates the account <c>{partyId}.account</c> with <paramref name="role"/> first.
    /// </summary>
    public async Task<PortalSession> AsNewAccountAsync(string role, string partyId)
    {
        var userName = $"{partyId}.account";
        await using var db = OpenDb();
        if (!await db.Accounts.AnyAsync(a => a.UserName == userName))
        {
            await Accounts.CreateAsync(db, userName, "test-account-password", role, partyId, partyId);
        }
        return As(userName);
    }

    /// <summary>The services as someone who is not signed in sees them.</summary>
    public PortalSession Anonymous() => _anonymous ??= new PortalSession(Services, new ClaimsPrincipal(new ClaimsIdentity()));

    /// <summary>
    /// A fresh portal; <paramref name="deployment"/> Paper runs the published scheme (key escrow, the XOR index) for
    /// tests about it; <paramref name="provider"/> Postgres runs it on a new database of the test server.
    /// </summary>
    public static async Task<PortalHarness> StartAsync(ProtocolProfile deployment = ProtocolProfile.Hardened, StorageProvider provider = StorageProvider.Sqlite) =>
        await StartInAsync(NewFolder(), ManualClock.StartingNow(), deployment,
            provider == StorageProvider.Postgres ? await PostgresTestDatabase.CreateAsync() : null);

    /// <summary>
    /// A portal over a copy of <paramref name="dataFolder"/> (a data folder as Program.cs keeps it, e.g. one an earlier
    /// version wrote), on <paramref name="clock"/>. Only the copy is opened, and disposal deletes only the copy.
    /// </summary>
    public static Task<PortalHarness> StartOverCopyAsync(string dataFolder, ManualClock clock)
    {
        var folder = NewFolder();
        CopyFolder(dataFolder, folder);
        return StartInAsync(folder, clock, ProtocolProfile.Hardened, postgres: null);
    }

    /// <summary>
    /// A second portal instance on this one's database, Data Protection key folder and clock, as a second process behind
    /// a load balancer would be. Disposing it stops only that instance; the storage stays this harness's.
    /// </summary>
    public async Task<PortalHarness> StartAnotherInstanceAsync()
    {
        var second = new PortalHarness(Folder, Clock, Deployment, _postgres, ownsStorage: false);
        await second.BootAsync();
        return second;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Stops this portal and starts a new one over the same database and key folder.</summary>
    public async Task RestartAsync(TimeSpan? downtime = null)
    {
        await StopAsync();
        Clock.Advance(downtime ?? TimeSpan.FromMinutes(1));
        await BootAsync();
    }

    /// <summary>A context on the portal's database, for looking at what is stored.</summary>
    public EmrAuthDbContext OpenDb() => Get<IDbContextFactory<EmrAuthDbContext>>().CreateDbContext();

    /// <summary>
    /// The bytes of the SQLite file and of its write-ahead log (if any), or of every PostgreSQL relation file of the
    /// database, as a thief with the disk would read them.
    /// </summary>
    public byte[] ReadDatabaseBytes()
    {
        if (_postgres is not null)
        {
            return ReadPostgresFiles();
        }
        using var all = new MemoryStream();
        foreach (var path in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-journal" })
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.CopyTo(all);
            }
        }
        return all.ToArray();
    }

    /// <summary>
    /// After a checkpoint (what the server keeps in memory reaches the disk), the files of every table, TOAST table and
    /// index of the database, read by the server itself (the test cluster's user is its superuser).
    /// </summary>
    private byte[] ReadPostgresFiles()
    {
        using var all = new MemoryStream();
        using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        connection.Open();
        using (var checkpoint = new Npgsql.NpgsqlCommand("CHECKPOINT", connection))
        {
            checkpoint.ExecuteNonQuery();
        }
        using var files = new Npgsql.NpgsqlCommand(
            "SELECT pg_read_binary_file(pg_relation_filepath(oid)) FROM pg_class WHERE relkind IN ('r', 't', 'i') AND relfilenode <> 0 "
            + "AND pg_relation_filepath(oid) IS NOT NULL AND relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)",
            connection);
        using var reader = files.ExecuteReader();
        while (reader.Read())
        {
            all.Write((byte[])reader[0]);
        }
        return all.ToArray();
    }

    public static bool Contains(byte[] haystack, string text) => Contains(haystack, Encoding.UTF8.GetBytes(text));

    public static bool Contains(byte[] haystack, byte[] needle) => needle.Length > 0 && haystack.AsSpan().IndexOf(needle) >= 0;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!_ownsStorage)
        {
            return;
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "emrauth-portal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyFolder(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    private static async Task<PortalHarness> StartInAsync(string folder, ManualClock clock, ProtocolProfile deployment, PostgresTestDatabase? postgres)
    {
        var harness = new PortalHarness(folder, clock, deployment, postgres);
        try
        {
            await harness.BootAsync();
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
        return harness;
    }

    private async Task BootAsync()
    {
        Services = HeadlessPortal.Build(Folder, Clock, Deployment, Provider, ConnectionString);
        Starts++;
        await Services.GetRequiredService<PortalInitializer>().InitializeAsync();
    }

    private async Task StopAsync()
    {
        foreach (var session in _sessions.Values.Append(_anonymous).OfType<PortalSession>())
        {
            await session.DisposeAsync();
        }
        _sessions.Clear();
        _anonymous = null;
        if (Services is not null)
        {
            await Services.DisposeAsync();
            Services = null!;
        }
        // Close the pooled connections to this database only (other tests run in parallel on their own).
        if (_postgres is not null)
        {
            _postgres.ClosePooledConnections();
            return;
        }
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
