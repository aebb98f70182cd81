using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Registry;

/// <summary>
/// What every party can read: the public cloud's PK and PUK_C, the medical authority's key, and the current
/// signed directory and revocation list. Parties verify the signatures themselves (see <see cref="TrustView"/>).
/// </summary>
public sealed class PublicBulletin(
    CurvePoint masterPublicKey,
    PublicKey cloudKey,
    string cloudId,
    PublicKey authorityKey,
    Func<SignedDirectory> directory,
    Func<RevocationList> revocations)
{
    /// <summary>PK = s·P.</summary>
    public CurvePoint MasterPublicKey { get; } = masterPublicKey;

    /// <summary>PUK_C (also written PUK_PC).</summary>
    public PublicKey CloudKey { get; } = cloudKey;

    public string CloudId { get; } = cloudId;

    public PublicKey AuthorityKey { get; } = authorityKey;

    public SignedDirectory Directory => directory();

    public RevocationList Revocations => revocations();
}
