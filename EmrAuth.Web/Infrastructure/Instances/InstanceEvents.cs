using System.Text.Json;
using Npgsql;

namespace EmrAuth.Web.Infrastructure.Instances;

/// <summary>
/// A change one instance published, as sent on the channel <see cref="InstanceEvents.Channel"/>: ids, kinds and
/// statuses only (never a transcript event), well below NOTIFY's 8000-byte payload limit.
/// </summary>
public sealed record InstanceEvent(Guid Instance, VisitChange? Visit, MigrationChange? Migration, string? Registry)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static InstanceEvent? FromJson(string json) => JsonSerializer.Deserialize<InstanceEvent>(json);
}

/// <summary>
/// Listens (LISTEN emrauth_events) on a connection of its own for the changes other instances publish and raises
/// them on this instance's <see cref="VisitHub"/>, skipping its own. A registry change (registrations, certificates,
/// records) first brings this instance's parties up to date (<see cref="ProtocolHost.CatchUpAsync"/>), so the pages
/// that refresh on it read current parties. Reconnects after a failure; changes sent while it was disconnected are
/// lost, which costs a page a live refresh, not data (pages read the database, protocol work catches up by itself).
/// </summary>
public sealed class InstanceEvents(InstanceLinks links, VisitHub hub, ProtocolHost host, ILogger<InstanceEvents> logger) : IAsyncDisposable
{
    public const string Channel = "emrauth_events";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    /// <summary>Starts listening (PostgreSQL only); completes once the first LISTEN is in place.</summary>
    public Task StartAsync()
    {
        if (!links.IsShared)
        {
            return Task.CompletedTask;
        }
        _loop ??= Task.Run(ListenAsync);
        return _listening.Task;
    }

    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var settings = new NpgsqlConnectionStringBuilder(links.ConnectionString) { Pooling = false, ApplicationName = "emrauth-listen", KeepAlive = 30 };
                await using var connection = new NpgsqlConnection(settings.ConnectionString);
                await connection.OpenAsync(_stop.Token);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stop.Token);
                }
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for other instances' changes failed; reconnecting");
                try
                {
                    await Task.Delay(RetryAfter, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            if (InstanceEvent.FromJson(payload) is { } received && received.Instance != links.InstanceId)
            {
                // Off the connection's thread: catching up takes locks and reads, and the next notification must not wait.
                _ = Task.Run(() => RaiseAsync(received));
            }
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignored a change from another instance that could not be read");
        }
    }

    private async Task RaiseAsync(InstanceEvent received)
    {
        try
        {
            if (received.Registry is not null && host.IsLoaded)
            {
                await host.CatchUpAsync();
            }
            hub.Raise(received);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A change from another instance could not be raised here");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        _stop.Dispose();
    }
}
