using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>
/// Cert_H: the TTPH's statement that a hospital's migration key is the point it names (its PUK_HPC from the main
/// scheme) for a period. Signed with the TTPH's CA key.
/// </summary>
public sealed record HospitalCertificate(
    string Serial,
    string HospitalId,
    CurvePoint PublicPoint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    byte[] AuthoritySignature)
{
    public byte[] SignedContent() => new FieldWriter()
        .Add("Cert_H v1")
        .Add(Serial)
        .Add(HospitalId)
        .Add(PublicPoint)
        .Add(NotBefore.ToUnixTimeMilliseconds())
        .Add(NotAfter.ToUnixTimeMilliseconds())
        .ToArray();

    public byte[] Encode() => new FieldWriter().Add(SignedContent()).Add(AuthoritySignature).ToArray();

    public static HospitalCertificate Decode(byte[] encoded)
    {
        var (inner, signature) = FieldReader.OpenSigned(encoded, "Cert_H v1", "Cert_H");
        var certificate = new HospitalCertificate(inner.ReadString(), inner.ReadString(), inner.ReadPoint(), inner.ReadTime(), inner.ReadTime(), signature);
        inner.EnsureEnd();
        return certificate;
    }

    public override string ToString() => $"Cert_H {Serial} ({HospitalId}, until {NotAfter:yyyy-MM-dd})";
}

/// <summary>
/// The TTPH as certification authority for migration (like <see cref="MedicalAuthority"/> for Cert_D): issues and
/// revokes Cert_H and publishes a signed revocation list. Its key also signs migration proofs Π (domain-separated).
/// </summary>
public sealed class MigrationAuthority : IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly RevocationLedger _ledger;
    private readonly Dictionary<string, HospitalCertificate> _current = [];
    private long _nextSerial = 1;

    public MigrationAuthority(string name, TimeProvider clock, PrivateKey? signingKey = null)
    {
        Name = name;
        _clock = clock;
        SigningKey = signingKey ?? PrivateKey.Generate();
        _ledger = new RevocationLedger(name, SigningKey, clock);
    }

    public string Name { get; }

    internal PrivateKey SigningKey { get; }

    /// <summary>PUK_TTPH (CA): verifies Cert_H, the revocation list and Π.</summary>
    public PublicKey PublicKey => SigningKey.PublicKey;

    public RevocationList RevocationList
    {
        get
        {
            lock (_gate)
            {
                return _ledger.Current;
            }
        }
    }

    public HospitalCertificate Issue(string hospitalId, PublicKey hospitalKey, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hospitalId);
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var unsigned = new HospitalCertificate($"{Name}-H{_nextSerial++:D6}", hospitalId, hospitalKey.Point, now, now + validity, []);
            var certificate = unsigned with { AuthoritySignature = SigningKey.Sign(unsigned.SignedContent()) };
            _ledger.RecordIssued(certificate.Serial);
            _current[hospitalId] = certificate;
            return certificate;
        }
    }

    /// <summary>The latest Cert_H issued to a hospital (the TTPH's published directory), or null.</summary>
    public HospitalCertificate? CertificateOf(string hospitalId)
    {
        lock (_gate)
        {
            return _current.GetValueOrDefault(hospitalId);
        }
    }

    /// <summary>Every Cert_H issued, and the revocations, reloaded from storage after a restart (issue order).</summary>
    public void Restore(IReadOnlyCollection<HospitalCertificate> issued, IEnumerable<Revocation> revocations)
    {
        lock (_gate)
        {
            _ledger.Restore(issued.Select(c => c.Serial), revocations);
            _current.Clear();
            foreach (var certificate in issued)
            {
                _current[certificate.HospitalId] = certificate;
            }
            _nextSerial = issued.Count + 1;
        }
    }

    /// <summary>Revokes a Cert_H this authority issued; revoking twice keeps the first entry.</summary>
    public void Revoke(string serial, string reason)
    {
        lock (_gate)
        {
            _ledger.Revoke(serial, reason);
        }
    }

    public void Dispose() => SigningKey.Dispose();
}

/// <summary>What every migration party knows of the TTPH: its identity, keys, directory of Cert_H and revocation list.</summary>
public sealed record MigrationAnchor(
    string TtphId,
    PublicKey AuthorityKey,
    PublicKey EncryptionKey,
    Func<RevocationList> Revocations,
    Func<string, HospitalCertificate?> CertificateOf)
{
    public PartyRef Ref => new(PartyRole.HospitalCloud, TtphId);
}

/// <summary>One party's verified view of Cert_H: the CA signature (cached per certificate), validity and the revocation list.</summary>
internal sealed class HospitalCertificateView(MigrationAnchor anchor, PartyCrypto crypto)
{
    private readonly Dictionary<string, bool> _signatures = [];
    private RevocationList? _revocations;

    public CertificateStatus Check(HospitalCertificate certificate, string expectedHospital, DateTimeOffset now)
    {
        var key = Convert.ToHexString(Hashing.Digest(certificate.Encode()));
        bool signed;
        lock (_signatures)
        {
            if (!_signatures.TryGetValue(key, out signed))
            {
                signed = crypto.VerifyAuthoritySignature(Transcript.Phase.Migration, anchor.AuthorityKey, certificate.SignedContent(), certificate.AuthoritySignature);
                _signatures[key] = signed;
            }
        }
        if (!signed)
        {
            return new(false, $"Cert_H {certificate.Serial} is not signed by the TTPH (forged)");
        }
        if (certificate.HospitalId != expectedHospital)
        {
            return new(false, $"Cert_H {certificate.Serial} was issued to {certificate.HospitalId}, not to {expectedHospital}");
        }
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            return new(false, $"Cert_H {certificate.Serial} is valid {certificate.NotBefore:u} to {certificate.NotAfter:u}, not at {now:u}");
        }
        var current = anchor.Revocations();
        if (_revocations?.Version != current.Version)
        {
            if (!crypto.VerifyAuthoritySignature(Transcript.Phase.Migration, anchor.AuthorityKey, current.SignedContent(), current.Signature))
            {
                return new(false, "the TTPH's revocation list does not verify with its key");
            }
            _revocations = current;
        }
        if (_revocations.Find(certificate.Serial) is { } revoked)
        {
            return new(false, $"Cert_H {certificate.Serial} was revoked at {revoked.RevokedAt:u}: {revoked.Reason}");
        }
        return new(true, $"Cert_H {certificate.Serial} is signed by the TTPH, current and not revoked");
    }
}
