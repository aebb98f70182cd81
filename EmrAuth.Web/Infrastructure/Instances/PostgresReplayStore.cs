using EmrAuth.Domain.Phases;
using Npgsql;

namespace EmrAuth.Web.Infrastructure.Instances;

/// <summary>
/// The parties' replay digests in the shared database ("ReplayDigests": (party, digest) primary key, expiry), so a
/// message accepted by one instance is refused by every other at the same check ("Replay cache"), with the same
/// reason. Inserting is the atomic check: of two instances accepting the same message at once, one row wins.
/// </summary>
public sealed class PostgresReplayStore(string connectionString) : IReplayStore, IAsyncDisposable
{
    /// <summary>Expired rows are deleted at most this often per instance (they are ignored until then).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    // Callers are protocol steps, each holding one of the instance's lock connections: as many as those, none waits.
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "emrauth-replay", MaxPoolSize = InstanceLinks.MaxLockConnections }.ConnectionString);

    private long _nextSweepTicks = DateTimeOffset.MinValue.UtcTicks;

    public bool Contains(string scope, byte[] digest, DateTimeOffset now)
    {
        using var command = _source.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM \"ReplayDigests\" WHERE \"Party\" = $1 AND \"Digest\" = $2 AND \"ExpiresTicks\" >= $3)");
        command.Parameters.AddWithValue(scope);
        command.Parameters.AddWithValue(digest);
        command.Parameters.AddWithValue(now.UtcTicks);
        return (bool)command.ExecuteScalar()!;
    }

    public bool TryRemember(string scope, byte[] digest, DateTimeOffset expiry, DateTimeOffset now)
    {
        Sweep(now);
        // A held row that expired is taken over; a live one makes the insert a no-op (0 rows: a replay).
        using var command = _source.CreateCommand(
            "INSERT INTO \"ReplayDigests\" (\"Party\", \"Digest\", \"ExpiresTicks\") VALUES ($1, $2, $3) "
            + "ON CONFLICT (\"Party\", \"Digest\") DO UPDATE SET \"ExpiresTicks\" = EXCLUDED.\"ExpiresTicks\" WHERE \"ReplayDigests\".\"ExpiresTicks\" < $4");
        command.Parameters.AddWithValue(scope);
        command.Parameters.AddWithValue(digest);
        command.Parameters.AddWithValue(expiry.UtcTicks);
        command.Parameters.AddWithValue(now.UtcTicks);
        return command.ExecuteNonQuery() == 1;
    }

    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due)
        {
            return;
        }
        using var command = _source.CreateCommand("DELETE FROM \"ReplayDigests\" WHERE \"ExpiresTicks\" < $1");
        command.Parameters.AddWithValue(now.UtcTicks);
        command.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
