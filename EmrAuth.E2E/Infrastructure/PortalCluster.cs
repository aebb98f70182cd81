using Npgsql;

namespace EmrAuth.E2E.Infrastructure;

/// <summary>
/// One instance of a several-instance deployment (docs/deployment.md): the built app as its own process, on the
/// PostgreSQL database and the data folder it shares with the other instances. Only the instance started first seeds
/// the demo world; the next ones find it in the database.
/// </summary>
public sealed class PortalInstance(string name, string connectionString, string dataDirectory, bool seed)
    : WebAppFixture(TestLoginPermitLimit, dataDirectory)
{
    public string Name => name;

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Storage:Provider", "Postgres"),
        ("ConnectionStrings:EmrAuth", connectionString),
        ("Demo:Seed", seed ? "true" : "false"),
    ];
}

/// <summary>
/// Two portal processes, A and B, on one fresh PostgreSQL database of the server <c>./test.sh</c> starts
/// (<c>EMRAUTH_TEST_POSTGRES</c>) and one shared data folder, as <c>deploy/local-cluster.sh</c> runs them. A starts
/// first and alone (it migrates and seeds); the database is created empty first and dropped on disposal.
/// </summary>
public sealed class PortalCluster : IAsyncLifetime
{
    public const string Variable = "EMRAUTH_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _database = "emrauth_e2e_" + Guid.NewGuid().ToString("N");
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "emrauth-e2e-cluster-" + Guid.NewGuid().ToString("N"));

    public PortalCluster()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the two-instance tests cannot run: run ./test.sh, which starts PostgreSQL "
                + $"(or set {Variable} to a server's connection string, e.g. Host=127.0.0.1;Port=5432;Username=emrauth;Database=postgres).");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
        A = new PortalInstance("a", ConnectionString, _dataDirectory, seed: true);
        B = new PortalInstance("b", ConnectionString, _dataDirectory, seed: false);
    }

    /// <summary>The instances' "ConnectionStrings:EmrAuth".</summary>
    public string ConnectionString { get; }

    public PortalInstance A { get; }

    public PortalInstance B { get; }

    /// <summary>Both instances' output, for a failure message.</summary>
    public string Output => $"--- instance a:\n{A.Output}\n--- instance b:\n{B.Output}";

    public async Task InitializeAsync()
    {
        // Created here, as an administrator would: the instances take their start-up lock in it before migrating.
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_database}\"");
        await A.InitializeAsync();
        await B.InitializeAsync();
    }

    /// <summary>One number from the shared database (a count, a sum), read behind the portal's back.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
