using Npgsql;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// A database of its own for one test on the PostgreSQL server that <c>./test.sh</c> starts (a throwaway cluster on
/// a loopback port, named by <c>EMRAUTH_TEST_POSTGRES</c>): created empty, dropped on disposal.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "EMRAUTH_TEST_POSTGRES";

    private readonly string _server;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>For the portal's "ConnectionStrings:EmrAuth".</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// The server's connection string. Without it the PostgreSQL variants fail (they are not skipped): a suite that
    /// silently ran on one provider only would look green while testing half of what it claims.
    /// </summary>
    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"{Variable} is not set, so the PostgreSQL variant of this test cannot run: run ./test.sh, which starts PostgreSQL "
            + $"(or set {Variable} to a server's connection string, e.g. Host=127.0.0.1;Port=5432;Username=emrauth;Database=postgres).");

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = new PostgresTestDatabase(Server, "emrauth_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>Closes the portal's pooled connections to this database (a restart does, as a stopped process would).</summary>
    public void ClosePooledConnections()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    public async ValueTask DisposeAsync()
    {
        ClosePooledConnections();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
