namespace EmrAuth.Domain.Phases;

/// <summary>Which variant of the scheme a visit runs; chosen per visit (docs/hardened-profile.md).</summary>
public enum ProtocolProfile
{
    /// <summary>The paper's scheme with the corrections of docs/protocol.md#paper-errors: SEK_1 and SEK_2 travel under long-term keys.</summary>
    Paper,

    /// <summary>
    /// The hardened profile (docs/hardened-profile.md): session keys from ephemeral-only ECDH confirmed by an HMAC tag (never transmitted), issuance
    /// without escrow, and an index sealed with AES-GCM.
    /// </summary>
    Hardened,
}

/// <summary>Settings every party applies when it checks a message.</summary>
public sealed record ProtocolOptions
{
    /// <summary>ΔT: a message is fresh when |now − T| ≤ ΔT, allowing clock skew both ways.</summary>
    public TimeSpan FreshnessWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The deployment's profile: the default for visits that name none, the form of the public cloud's index, and
    /// the key issuance <see cref="Deployment"/> uses (escrow-free for Hardened).
    /// </summary>
    public ProtocolProfile Profile { get; init; } = ProtocolProfile.Paper;

    /// <summary>
    /// The replay digests shared by the processes of one deployment, beside each party's in-memory cache; null (one
    /// process) keeps the in-memory cache alone.
    /// </summary>
    public IReplayStore? SharedReplay { get; init; }

    /// <summary>Δ_BG: the longest time box a break-glass statement may ask for; a doctor asks for exactly this (issue 14).</summary>
    public TimeSpan BreakGlassTimeBox { get; init; } = TimeSpan.FromHours(4);

    public static ProtocolOptions Default { get; } = new();
}
