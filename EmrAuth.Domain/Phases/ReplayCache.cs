using System.Collections.Concurrent;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// Digests of messages already accepted, kept until their timestamp leaves the ΔT window: timestamps alone
/// do not stop a replay inside the window (NOTES §3.4).
/// </summary>
public sealed class ReplayCache
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();

    public bool Contains(byte[] digest, DateTimeOffset now)
    {
        var key = Convert.ToHexString(digest);
        return _seen.TryGetValue(key, out var expiry) && expiry >= now;
    }

    public void Remember(byte[] digest, DateTimeOffset expiry, DateTimeOffset now)
    {
        // Sweeping expired entries costs a scan, so it happens at most once per window.
        if (now >= _nextSweep)
        {
            foreach (var stale in _seen.Where(e => e.Value < now).Select(e => e.Key).ToList())
            {
                _seen.TryRemove(stale, out _);
            }
            _nextSweep = now + (expiry - now).Duration();
        }
        _seen[Convert.ToHexString(digest)] = expiry;
    }

    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;
}
