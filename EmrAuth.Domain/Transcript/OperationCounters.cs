using System.Collections.Concurrent;

namespace EmrAuth.Domain.Transcript;

/// <summary>The cryptographic operations the paper's cost formula counts, plus what it leaves out.</summary>
public enum Operation
{
    /// <summary>T_Sign (signing half).</summary>
    SignatureMade,

    /// <summary>T_Sign (verifying half).</summary>
    SignatureVerified,

    /// <summary>T_A: E_PUK.</summary>
    PublicKeyEncryption,

    /// <summary>T_A: D_PRK.</summary>
    PublicKeyDecryption,

    /// <summary>T_S: E_SEK.</summary>
    SymmetricEncryption,

    /// <summary>T_S: D_SEK.</summary>
    SymmetricDecryption,

    /// <summary>T_H: hash-to-scalar and session-key derivations.</summary>
    Hash,

    /// <summary>
    /// Elliptic-curve scalar multiplications of a point other than the generator outside the ECDSA/ECIES primitives
    /// (S·R + r·PUK counts 2, e·PK, ECDH); r·P is <see cref="GeneratorMultiplication"/>.
    /// </summary>
    ScalarMultiplication,

    /// <summary>Medical-authority signatures checked on Cert_D and its revocation list (not in the paper's count).</summary>
    CertificateVerification,

    /// <summary>PUK_C's signature on the published directory, checked once per version a party reads (not in the paper's count).</summary>
    DirectoryVerification,

    /// <summary>Hardened profile only: an HMAC key-confirmation tag made or verified (in place of a transmitted SEK).</summary>
    KeyConfirmation,

    /// <summary>
    /// r·P: a nonce point or an ephemeral public key. Counted apart from <see cref="ScalarMultiplication"/> because a
    /// multiple of the generator costs about a fifth of one of another point (precomputed table), and the benchmarks'
    /// floor prices each kind at its own cost.
    /// </summary>
    GeneratorMultiplication,
}

/// <summary>Per-phase operation counts of one party. Thread-safe.</summary>
public sealed class OperationCounters
{
    private readonly ConcurrentDictionary<(Phase, Operation), int> _counts = new();

    public void Add(Phase phase, Operation operation, int count = 1) =>
        _counts.AddOrUpdate((phase, operation), count, (_, current) => current + count);

    public int Get(Phase phase, Operation operation) => _counts.GetValueOrDefault((phase, operation));

    public int Total(Operation operation) => _counts.Where(c => c.Key.Item2 == operation).Sum(c => c.Value);

    public IReadOnlyDictionary<(Phase Phase, Operation Operation), int> Snapshot() =>
        new Dictionary<(Phase, Operation), int>(_counts);

    public void Reset() => _counts.Clear();
}
