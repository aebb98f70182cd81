using System.Collections.Concurrent;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Registry;

/// <summary>The verdict on a Cert_D: legal, or why not.</summary>
public sealed record CertificateStatus(bool IsLegal, string Reason);

/// <summary>
/// One party's verified view of the public bulletin: it checks the signatures of the directory and the
/// revocation list before trusting them, and remembers what it already verified.
/// </summary>
/// <remarks>
/// Thread-safe: the caches are concurrent, and the verified directory and revocation list are swapped as whole
/// references. Two threads that meet a new version at once may both verify it; each returns the version it verified.
/// </remarks>
public sealed class TrustView(PublicBulletin bulletin, PartyCrypto crypto)
{
    private readonly ConcurrentDictionary<string, bool> _authoritySignatures = new();
    private readonly ConcurrentDictionary<string, PublicKey> _publicKeys = new();
    private SignedDirectory? _directory;
    private RevocationList? _revocations;

    public PublicBulletin Bulletin { get; } = bulletin;

    /// <summary>"Verifies whether Cert_D is legal" (Eqs. 20, 27, 36, 46, 50 and doctor registration).</summary>
    public CertificateStatus CheckCertificate(Phase phase, DoctorCertificate certificate, string presentedBy, DateTimeOffset now)
    {
        var key = Convert.ToHexString(Hashing.Digest(certificate.Encode()));
        var signed = _authoritySignatures.GetOrAdd(key, _ => crypto.VerifyAuthoritySignature(
            phase, Bulletin.AuthorityKey, certificate.SignedContent(), certificate.AuthoritySignature));
        if (!signed)
        {
            return new(false, $"Cert_D {certificate.Serial} is not signed by the medical authority (forged)");
        }
        if (certificate.DoctorId != presentedBy)
        {
            return new(false, $"Cert_D {certificate.Serial} was issued to {certificate.DoctorId}, not to {presentedBy}");
        }
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            return new(false, $"Cert_D {certificate.Serial} is valid {certificate.NotBefore:u} to {certificate.NotAfter:u}, not at {now:u}");
        }
        if (Revocations(phase).Find(certificate.Serial) is { } revoked)
        {
            return new(false, $"Cert_D {certificate.Serial} was revoked at {revoked.RevokedAt:u}: {revoked.Reason}");
        }
        return new(true, $"Cert_D {certificate.Serial} is signed by the medical authority, current and not revoked");
    }

    /// <summary>A hospital or doctor from the signed directory.</summary>
    public DirectoryEntry FindParty(Phase phase, string id, PartyRole role) =>
        TryFindParty(phase, id, role)
        ?? throw new ProtocolStateException($"{role} '{id}' is not in the public cloud's directory of registered parties.");

    public DirectoryEntry? TryFindParty(Phase phase, string id, PartyRole role) => Directory(phase).Find(id, role);

    /// <summary>PUK_X reconstructed from (ID_X, extra_X, R_X) and PK, cached per identity.</summary>
    public PublicKey PublicKeyOf(Phase phase, string id, byte[]? extra, CurvePoint r)
    {
        var key = Convert.ToHexString(Hashing.Digest(new FieldWriter().Add(id).Add(extra ?? []).Add(r).ToArray()));
        return _publicKeys.GetOrAdd(key, _ => new PublicKey(crypto.ImplicitPublicPoint(phase, id, extra, r, Bulletin.MasterPublicKey)));
    }

    public PublicKey PublicKeyOf(Phase phase, DirectoryEntry entry) => PublicKeyOf(phase, entry.Id, entry.IssuanceExtra, entry.R);

    private SignedDirectory Directory(Phase phase) => Verified(ref _directory, Bulletin.Directory, d => d.Version,
        d => crypto.VerifyDirectorySignature(phase, Bulletin.CloudKey, d.SignedContent(), d.Signature),
        "The published directory's signature does not verify with PUK_C.");

    private RevocationList Revocations(Phase phase) => Verified(ref _revocations, Bulletin.Revocations, r => r.Version,
        r => crypto.VerifyAuthoritySignature(phase, Bulletin.AuthorityKey, r.SignedContent(), r.Signature),
        "The revocation list's signature does not verify with the authority's key.");

    /// <summary>The published version, once its signature verified; the version verified last is not checked again.</summary>
    private static T Verified<T>(ref T? verified, T current, Func<T, long> version, Func<T, bool> signatureValid, string failure)
        where T : class
    {
        var held = Volatile.Read(ref verified);
        if (held is not null && version(held) == version(current))
        {
            return held;
        }
        if (!signatureValid(current))
        {
            throw new ProtocolStateException(failure);
        }
        Volatile.Write(ref verified, current);
        return current;
    }
}
