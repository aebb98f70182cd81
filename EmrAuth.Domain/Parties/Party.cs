using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>What every party has: an identity, a clock, the protocol options, its counters and replay cache.</summary>
/// <remarks>
/// A party serves many sessions at once: what it shares between them (counters, replay cache, trust view, keys) is
/// thread-safe. Each session object (PatientConsultation, DoctorConsultation, DoctorEmrSearch, HospitalAccessSession)
/// is not: one session's steps must run one at a time.
/// </remarks>
public abstract class Party(PartyRole role, string id, TimeProvider clock, ProtocolOptions options)
{
    public string Id { get; } = !string.IsNullOrWhiteSpace(id) ? id : throw new ArgumentException("An identity is required.", nameof(id));

    public PartyRole Role { get; } = role;

    public PartyRef Ref => new(Role, Id);

    public OperationCounters Operations { get; } = new();

    public ProtocolOptions Options { get; } = options;

    internal PartyCrypto Crypto => LazyInitializer.EnsureInitialized(ref _crypto, () => new PartyCrypto(Operations));

    internal ReplayCache Replay { get; } = new();

    private string ReplayScope => $"{Role}:{Id}";

    /// <summary>
    /// A live entry for the digest in this party's cache or, in a deployment of several processes, the shared store
    /// (unless <paramref name="shared"/> is false: a message the host made itself, e.g. a restored grant).
    /// </summary>
    internal bool HasAccepted(byte[] digest, DateTimeOffset now, bool shared) =>
        Replay.Contains(digest, now) || (shared && Options.SharedReplay?.Contains(ReplayScope, digest, now) == true);

    /// <summary>Records an accepted message in the cache and (if <paramref name="shared"/>) the shared store; false when either already held it.</summary>
    internal bool TryRememberAccepted(byte[] digest, DateTimeOffset expiry, DateTimeOffset now, bool shared) =>
        Replay.TryRemember(digest, expiry, now) && (!shared || Options.SharedReplay?.TryRemember(ReplayScope, digest, expiry, now) != false);

    internal TimeProvider Clock { get; } = clock;

    internal DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A fresh T_Xi.</summary>
    internal long NewTimestamp() => Now.ToUnixTimeMilliseconds();

    private PartyCrypto? _crypto;
}

/// <summary>R_X and S_X as issued by the public cloud and checked by Eq. 4, 7 or 10; PRK_X = S_X.</summary>
public sealed class IssuedCredentials(CurvePoint r, PrivateKey key, KeyIssuance issuance) : IDisposable
{
    public CurvePoint R { get; } = r;

    /// <summary>Whether the public cloud also knows S_X (the paper's issuance) or never saw it.</summary>
    public KeyIssuance Issuance { get; internal set; } = issuance;

    internal PrivateKey Key { get; } = key;

    /// <summary>S_X, for the session-key algebra of Eqs. 17, 22, 39, 44.</summary>
    internal Scalar S => Key.Scalar;

    public PublicKey PublicKey => Key.PublicKey;

    /// <summary>S_X, only so the host can keep it in encrypted storage.</summary>
    public byte[] ExportScalarForSealedStorage() => S.ToBytes();

    public void Dispose() => Key.Dispose();
}
