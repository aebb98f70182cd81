using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Certificates;

public sealed record Revocation(string Serial, DateTimeOffset RevokedAt, string Reason);

/// <summary>The medical authority's signed list of revoked Cert_D serials; every verifier checks it.</summary>
public sealed record RevocationList(long Version, DateTimeOffset IssuedAt, IReadOnlyList<Revocation> Revocations, byte[] Signature)
{
    public byte[] SignedContent()
    {
        var writer = new FieldWriter().Add("CRL v1").Add(Version).Add(IssuedAt.ToUnixTimeMilliseconds());
        foreach (var revocation in Revocations)
        {
            writer.Add(revocation.Serial).Add(revocation.RevokedAt.ToUnixTimeMilliseconds()).Add(revocation.Reason);
        }
        return writer.ToArray();
    }

    public Revocation? Find(string serial) => Revocations.FirstOrDefault(r => r.Serial == serial);
}
