using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EmrAuth.Domain.Phases;
using Npgsql;

namespace EmrAuth.Web.Infrastructure.Instances;

/// <summary>
/// What ties the portal processes on one PostgreSQL database together (docs/postgresql.md#several-instances):
/// PostgreSQL advisory locks around protocol work, and this process's identity in the events it sends. On SQLite
/// there is one process: <see cref="IsShared"/> is false and every lock is the in-process one alone.
/// </summary>
/// <remarks>
/// Locks are session locks on a connection of their own pool, held for the whole work and released in finally
/// (<see cref="AdvisoryLease"/>); a process that dies loses its connections and so its locks. The pool is apart from
/// EF Core's, so a step holding its lock connection never waits for a connection that another lock holder keeps.
/// </remarks>
public sealed class InstanceLinks : IAsyncDisposable
{
    /// <summary>Exclusive for changes to the parties or what they share, shared for visit steps and reads.</summary>
    public const long DeploymentKey = 0x456D_7241_7574_6801;

    /// <summary>Held by one instance's start-up (migrate, seed, open the audit chain) at a time.</summary>
    public const long StartupKey = 0x456D_7241_7574_6802;

    /// <summary>The audit chain's "read head → commit" (transaction lock) and its verification (session lock).</summary>
    public const long AuditKey = 0x456D_7241_7574_6803;

    /// <summary>Lock connections per instance: one per protocol step in progress; further steps queue for one.</summary>
    public const int MaxLockConnections = 40;

    private readonly NpgsqlDataSource? _locks;
    private readonly NpgsqlDataSource? _notify;
    private readonly PostgresReplayStore? _replay;

    public InstanceLinks(string? postgresConnectionString)
    {
        ConnectionString = postgresConnectionString;
        if (postgresConnectionString is not null)
        {
            _replay = new PostgresReplayStore(postgresConnectionString);
            _notify = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgresConnectionString) { MaxPoolSize = 4, ApplicationName = "emrauth-notify" }.ConnectionString);
            _locks = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgresConnectionString)
            {
                MaxPoolSize = MaxLockConnections,
                // A step may wait for a lock connection while others finish theirs.
                Timeout = 60,
                ApplicationName = "emrauth-locks",
            }.ConnectionString);
        }
    }

    /// <summary>Several processes may share the database: cross-process locks, counters, replay store and events apply.</summary>
    public bool IsShared => _locks is not null;

    /// <summary>Tells this process's events from other instances' (random per start).</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>The parties' replay digests shared by the instances; null on SQLite (each party's in-memory cache alone).</summary>
    public IReplayStore? Replay => _replay;

    /// <summary>The database's connection string on PostgreSQL; null on SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>A stable 64-bit key for a patient's lock: the first 8 bytes of SHA-256("EmrAuth.Patient" 0x00 ID_P).</summary>
    public static long PatientKey(string patientId)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("EmrAuth.Patient\0" + patientId), digest);
        return BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    /// <summary>
    /// Takes the advisory locks in the order given (always the deployment's before a patient's, so no two holders wait
    /// for each other); null on SQLite. Dispose the lease to release them.
    /// </summary>
    public async Task<AdvisoryLease?> LockAsync(params (long Key, bool Shared)[] locks)
    {
        if (_locks is null)
        {
            return null;
        }
        var connection = await _locks.OpenConnectionAsync();
        try
        {
            foreach (var (key, shared) in locks)
            {
                await using var command = new NpgsqlCommand(shared ? "SELECT pg_advisory_lock_shared($1)" : "SELECT pg_advisory_lock($1)", connection);
                command.Parameters.AddWithValue(key);
                await command.ExecuteNonQueryAsync();
            }
            return new AdvisoryLease(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sends a change to the other instances (NOTIFY, after the change was committed), without waiting: a lost
    /// notification costs a live refresh, never data, and must not fail the work that published it.
    /// </summary>
    public void Notify(InstanceEvent change)
    {
        if (_notify is null)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await using var command = _notify.CreateCommand("SELECT pg_notify($1, $2)");
                command.Parameters.AddWithValue(InstanceEvents.Channel);
                command.Parameters.AddWithValue(change.ToJson());
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException)
            {
                // Nothing to undo: the change is in the database, and the other instances' pages read it on their next load.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_notify is not null)
        {
            await _notify.DisposeAsync();
        }
        if (_locks is not null)
        {
            await _locks.DisposeAsync();
        }
        if (_replay is not null)
        {
            await _replay.DisposeAsync();
        }
    }
}

/// <summary>Advisory locks held on a dedicated connection, which also reads and bumps the change counters under them.</summary>
public sealed class AdvisoryLease(NpgsqlConnection connection) : IAsyncDisposable
{
    /// <summary>The deployment's change counter as it stands.</summary>
    public Task<long> DeploymentVersionAsync() => ScalarAsync("SELECT \"Version\" FROM \"DeploymentState\" WHERE \"Id\" = 1");

    /// <summary>Bumps the deployment's counter; returns its value before. Committed at once, before the work it announces.</summary>
    public Task<long> BumpDeploymentAsync() =>
        ScalarAsync("UPDATE \"DeploymentState\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1 RETURNING \"Version\" - 1");

    /// <summary>Bumps the patient's counter (creating it at 1); returns its value before (0 for a new one).</summary>
    public Task<long> BumpPatientAsync(string patientId) => ScalarAsync(
        "INSERT INTO \"PatientVersions\" (\"PatientId\", \"Version\") VALUES ($1, 1) "
        + "ON CONFLICT (\"PatientId\") DO UPDATE SET \"Version\" = \"PatientVersions\".\"Version\" + 1 RETURNING \"Version\" - 1", patientId);

    private async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await unlock.ExecuteNonQueryAsync();
        }
        finally
        {
            // A connection whose unlock failed is broken, and a broken one is not pooled: its locks end with it.
            await connection.DisposeAsync();
        }
    }
}
