namespace EmrAuth.Web.Infrastructure.Protocol;

/// <summary>
/// An async reader-writer gate: any number of shared holders, or one exclusive holder. Visit steps enter shared, so
/// visits run side by side; changes to the set of parties (registration, revocation, records, migrations) enter
/// exclusive, so no step sees a party half-added or a directory half-changed. Neither side starves: once an exclusive
/// request waits, new shared requests queue behind it, and when an exclusive holder leaves, the queued shared requests
/// go before the next exclusive one. Thread-safe; not reentrant (a holder must not enter again).
/// </summary>
public sealed class SharedExclusiveGate
{
    private readonly object _sync = new();
    private readonly Queue<TaskCompletionSource> _exclusiveWaiters = new();
    private List<TaskCompletionSource> _sharedWaiters = [];

    /// <summary>Shared holders inside, or −1 while one exclusive holder is inside.</summary>
    private int _holders;

    public Task EnterSharedAsync()
    {
        lock (_sync)
        {
            if (_holders >= 0 && _exclusiveWaiters.Count == 0)
            {
                _holders++;
                return Task.CompletedTask;
            }
            var waiter = NewWaiter();
            _sharedWaiters.Add(waiter);
            return waiter.Task;
        }
    }

    public Task EnterExclusiveAsync()
    {
        lock (_sync)
        {
            if (_holders == 0)
            {
                _holders = -1;
                return Task.CompletedTask;
            }
            var waiter = NewWaiter();
            _exclusiveWaiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    public void ExitShared()
    {
        TaskCompletionSource? next = null;
        lock (_sync)
        {
            if (--_holders == 0 && _exclusiveWaiters.TryDequeue(out next))
            {
                _holders = -1;
            }
        }
        next?.SetResult();
    }

    public void ExitExclusive()
    {
        List<TaskCompletionSource> shared = [];
        TaskCompletionSource? exclusive = null;
        lock (_sync)
        {
            if (_sharedWaiters.Count > 0)
            {
                (shared, _sharedWaiters) = (_sharedWaiters, []);
                _holders = shared.Count;
            }
            else if (_exclusiveWaiters.TryDequeue(out exclusive))
            {
                _holders = -1;
            }
            else
            {
                _holders = 0;
            }
        }
        exclusive?.SetResult();
        shared.ForEach(w => w.SetResult());
    }

    // Continuations run on the pool, not inline in the releasing holder's Exit call.
    private static TaskCompletionSource NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
