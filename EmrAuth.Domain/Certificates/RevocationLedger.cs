using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Certificates;

/// <summary>
/// What a certificate authority issued and revoked, and its signed revocation list. Shared by the medical
/// authority (Cert_D) and the migration authority (Cert_H). Callers hold their own lock around it.
/// </summary>
internal sealed class RevocationLedger
{
    private readonly string _authorityName;
    private readonly PrivateKey _signingKey;
    private readonly TimeProvider _clock;
    private readonly HashSet<string> _issued = [];
    private readonly List<Revocation> _revocations = [];

    public RevocationLedger(string authorityName, PrivateKey signingKey, TimeProvider clock)
    {
        _authorityName = authorityName;
        _signingKey = signingKey;
        _clock = clock;
        Current = Sign(1);
    }

    public RevocationList Current { get; private set; }

    public IReadOnlyCollection<string> Issued => _issued.ToArray();

    public void RecordIssued(string serial) => _issued.Add(serial);

    /// <summary>Revokes a serial this authority issued; revoking twice keeps the first entry.</summary>
    public void Revoke(string serial, string reason)
    {
        if (!_issued.Contains(serial))
        {
            throw new InvalidOperationException($"Certificate {serial} was not issued by {_authorityName}.");
        }
        if (_revocations.Any(r => r.Serial == serial))
        {
            return;
        }
        _revocations.Add(new Revocation(serial, _clock.GetUtcNow(), reason));
        Current = Sign(Current.Version + 1);
    }

    /// <summary>Reloads what was issued and revoked, from storage, after a restart.</summary>
    public void Restore(IEnumerable<string> issuedSerials, IEnumerable<Revocation> revocations)
    {
        _issued.UnionWith(issuedSerials);
        _revocations.Clear();
        _revocations.AddRange(revocations);
        Current = Sign(Current.Version + 1);
    }

    private RevocationList Sign(long version)
    {
        var unsigned = new RevocationList(version, _clock.GetUtcNow(), _revocations.ToArray(), []);
        return unsigned with { Signature = _signingKey.Sign(unsigned.SignedContent()) };
    }
}
