namespace EmrAuth.Domain.Phases;

/// <summary>
/// Which variant of the scheme a session runs. Only the paper's scheme (with the corrections of NOTES.md §2)
/// exists yet; the hardened profile of NOTES.md §3 will be a second member, chosen per session.
/// </summary>
public enum ProtocolProfile
{
    Paper,
}

/// <summary>Settings every party applies when it checks a message.</summary>
public sealed record ProtocolOptions
{
    /// <summary>ΔT: a message is fresh when |now − T| ≤ ΔT, allowing clock skew both ways.</summary>
    public TimeSpan FreshnessWindow { get; init; } = TimeSpan.FromSeconds(30);

    public ProtocolProfile Profile { get; init; } = ProtocolProfile.Paper;

    public static ProtocolOptions Default { get; } = new();
}
