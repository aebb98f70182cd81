namespace EmrAuth.Domain.Phases;

/// <summary>
/// Where a deployment of several processes keeps the digests its parties accepted, so that a message accepted by one
/// process is a replay to every other (docs/postgresql.md#several-instances). Each party keeps its own
/// <see cref="ReplayCache"/> in memory as well; this store is consulted after it, under the party's
/// <paramref name="scope"/> ("Role:Id").
/// </summary>
/// <remarks>Called from protocol steps, which are synchronous; implementations are thread-safe.</remarks>
public interface IReplayStore
{
    /// <summary>Whether a live (unexpired at <paramref name="now"/>) entry for the digest is held.</summary>
    bool Contains(string scope, byte[] digest, DateTimeOffset now);

    /// <summary>Records an accepted message atomically; false when a live entry for it is already held (a replay).</summary>
    bool TryRemember(string scope, byte[] digest, DateTimeOffset expiry, DateTimeOffset now);
}
