using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Certificates;

/// <summary>
/// The "medical authority" of the paper's Table 1 (docs/protocol.md#d-medical-authority): issues and revokes Cert_D with a signing key of
/// its own, distinct from the public cloud's keys and from s.
/// </summary>
public sealed class MedicalAuthority : IDisposable
{
    private readonly object _gate = new();
    private readonly PrivateKey _signingKey;
    private readonly TimeProvider _clock;
    private readonly RevocationLedger _ledger;
    private long _nextSerial = 1;

    public MedicalAuthority(string name, TimeProvider clock, PrivateKey? signingKey = null)
    {
        Name = name;
        _clock = clock;
        _signingKey = signingKey ?? PrivateKey.Generate();
        _ledger = new RevocationLedger(name, _signingKey, clock);
    }

    public string Name { get; }

    public PublicKey PublicKey => _signingKey.PublicKey;

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

    public IReadOnlyCollection<string> IssuedSerials
    {
        get
        {
            lock (_gate)
            {
                return _ledger.Issued;
            }
        }
    }

    public DoctorCertificate Issue(string doctorId, string departmentId, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(doctorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var serial = $"{Name}-{_nextSerial++:D6}";
            var unsigned = new DoctorCertificate(serial, doctorId, departmentId, now, now + validity, []);
            _ledger.RecordIssued(serial);
            return unsigned with { AuthoritySignature = _signingKey.Sign(unsigned.SignedContent()) };
        }
    }

    /// <summary>Revokes a serial this authority issued; revoking twice keeps the first entry.</summary>
    public void Revoke(string serial, string reason)
    {
        lock (_gate)
        {
            _ledger.Revoke(serial, reason);
        }
    }

    /// <summary>The signing scalar, only so the host can keep it in encrypted storage.</summary>
    public byte[] ExportSigningKeyForSealedStorage() => _signingKey.Scalar.ToBytes();

    /// <summary>Reloads what this authority issued and revoked, from storage, after a restart.</summary>
    public void Restore(IEnumerable<string> issuedSerials, IEnumerable<Revocation> revocations)
    {
        lock (_gate)
        {
            _ledger.Restore(issuedSerials, revocations);
            _nextSerial = _ledger.Issued.Count + 1;
        }
    }

    public void Dispose() => _signingKey.Dispose();
}
