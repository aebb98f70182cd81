
namespace EmrAuth.Web.Features.Visits;

/// <summary>Keeps a page current with <see cref="VisitHub.Changed"/> (visits).</summary>
public sealed class LiveVisits(VisitHub hub, Func<VisitChange, bool> filter, Func<Func<Task>, Task> invoke, Func<Task> reload, ILogger logger)
    : LiveChanges<VisitChange>(h => hub.Changed += h, h => hub.Changed -= h, filter, invoke, reload, logger);

/// <summary>Keeps a page current with <see cref="VisitHub.MigrationChanged"/> (EHR migrations).</summary>
public sealed class LiveMigrations(VisitHub hub, Func<MigrationChange, bool> filter, Func<Func<Task>, Task> invoke, Func<Task> reload, ILogger logger)
    : LiveChanges<MigrationChange>(h => hub.MigrationChanged += h, h => hub.MigrationChanged -= h, filter, invoke, reload, logger);

/// <summary>
/// Keeps a page current with one of the hub's streams: for every change the filter accepts it reloads the page
/// on the component's dispatcher. A burst of changes (one action publishes several events) costs at most two
/// reloads. The hub's handler never throws back into the publisher. Dispose to unsubscribe.
/// </summary>
public abstract class LiveChanges<TChange> : IDisposable
{
    private readonly Action<Action<TChange>> _unsubscribe;
    private readonly Func<TChange, bool> _filter;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<Task> _reload;
    private readonly ILogger _logger;
    private bool _running;
    private bool _again;
    private bool _disposed;

    /// <param name="invoke">The component's InvokeAsync.</param>
    /// <param name="reload">Reloads the page's data and calls StateHasChanged.</param>
    protected LiveChanges(Action<Action<TChange>> subscribe, Action<Action<TChange>> unsubscribe, Func<TChange, bool> filter,
        Func<Func<Task>, Task> invoke, Func<Task> reload, ILogger logger)
    {
        (_unsubscribe, _filter, _invoke, _reload, _logger) = (unsubscribe, filter, invoke, reload, logger);
        subscribe(OnChanged);
    }

    /// <summary>Raised (on the dispatcher) for each accepted change, before the reload.</summary>
    public Action<TChange>? Seen { get; set; }

    private void OnChanged(TChange change)
    {
        try
        {
            if (_disposed || !_filter(change))
            {
                return;
            }
            _ = _invoke(async () =>
            {
                Seen?.Invoke(change);
                await ReloadAsync();
            });
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not schedule a live refresh");
        }
    }

    /// <summary>Reloads now (call on the dispatcher, e.g. after the page's own action), coalescing with live reloads.</summary>
    public Task RefreshAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        if (_running)
        {
            _again = true;
            return;
        }
        _running = true;
        try
        {
            do
            {
                _again = false;
                if (_disposed)
                {
                    return;
                }
                await _reload();
            }
            while (_again);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A live refresh failed");
        }
        finally
        {
            _running = false;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _unsubscribe(OnChanged);
        GC.SuppressFinalize(this);
    }
}
