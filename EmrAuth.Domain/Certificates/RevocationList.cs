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

    /// <summary>The list as published (signed content, then the authority's signature), in the form of Cert_D's encoding.</summary>
    public byte[] Encode() => new FieldWriter().Add(SignedContent()).Add(Signature).ToArray();

    /// <summary>Reads what <see cref="Encode"/> wrote; times outside the calendar are malformed, as in Cert_D.</summary>
    public static RevocationList Decode(byte[] encoded)
    {
        var (inner, signature) = FieldReader.OpenSigned(encoded, "CRL v1", "the revocation list");
        var version = inner.ReadInt64();
        var issuedAt = inner.ReadTime();
        var revocations = new List<Revocation>();
        while (!inner.AtEnd)
        {
            revocations.Add(new Revocation(inner.ReadString(), inner.ReadTime(), inner.ReadString()));
        }
        return new RevocationList(version, issuedAt, revocations, signature);
    }

    public Revocation? Find(string serial) => Revocations.FirstOrDefault(r => r.Serial == serial);
}
