using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// Digests of messages already accepted, kept until their timestamp leaves the ΔT window: timestamps alone
/// do not stop a replay inside the window (docs/protocol.md#d-replay-cache).
/// </summary>
/// <remarks>
/// Thread-safe: a party serves many visits at once. <see cref="TryRemember"/> checks and records in one atomic step,
/// so of two concurrent deliveries of the same message exactly one is accepted.
/// </remarks>
public sealed class ReplayCache
{
    private readonly ConcurrentDictionary<DigestKey, DateTimeOffset> _seen = new();
    private long _nextSweepTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>Digests held, expired ones not yet swept included.</summary>
    public int Count => _seen.Count;

    public bool Contains(byte[] digest, DateTimeOffset now)
    {
        var key = DigestKey.Of(digest);
        return _seen.TryGetValue(key, out var expiry) && expiry >= now;
    }

    /// <summary>Records an accepted message; false when a live entry for it is already held (a replay).</summary>
    public bool TryRemember(byte[] digest, DateTimeOffset expiry, DateTimeOffset now)
    {
        Sweep(expiry, now);
        var key = DigestKey.Of(digest);
        while (true)
        {
            if (_seen.TryAdd(key, expiry))
            {
                return true;
            }
            // An expired entry for the same digest may still be held: replace it, unless another thread just did.
            if (!_seen.TryGetValue(key, out var held) || held >= now)
            {
                return false;
            }
            if (_seen.TryUpdate(key, expiry, held))
            {
                return true;
            }
        }
    }

    /// <summary>Sweeping expired entries costs a scan, so it happens at most once per window, by one thread.</summary>
    private void Sweep(DateTimeOffset expiry, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        var next = (now + (expiry - now).Duration()).UtcTicks;
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, next, due) != due)
        {
            return;
        }
        foreach (var stale in _seen.Where(e => e.Value < now).ToList())
        {
            // Only if unchanged: a concurrent TryRemember may have renewed the entry since the scan.
            _seen.TryRemove(stale);
        }
    }

    /// <summary>A SHA-256 digest as four words: a key without a string per lookup (two lookups per received message).</summary>
    private readonly record struct DigestKey(ulong A, ulong B, ulong C, ulong D)
    {
        public static DigestKey Of(ReadOnlySpan<byte> digest) => digest.Length == 32
            ? new(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(digest[16..]), BinaryPrimitives.ReadUInt64BigEndian(digest[24..]))
            : throw new ArgumentException("A replay-cache key is a SHA-256 digest (32 bytes).", nameof(digest));
    }
}
