using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Certificates;

/// <summary>
/// Cert_D: the medical authority's statement that a doctor is licensed in a department for a period.
/// Its canonical encoding is what the scheme hashes and carries as Cert_D (Eqs. 9, 18, 25, 34, 45, 49).
/// </summary>
public sealed record DoctorCertificate(
    string Serial,
    string DoctorId,
    string DepartmentId,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    byte[] AuthoritySignature)
{
    /// <summary>The fields the authority signs.</summary>
    public byte[] SignedContent() => new FieldWriter()
        .Add("Cert_D v1")
        .Add(Serial)
        .Add(DoctorId)
        .Add(DepartmentId)
        .Add(NotBefore.ToUnixTimeMilliseconds())
        .Add(NotAfter.ToUnixTimeMilliseconds())
        .ToArray();

    /// <summary>Cert_D as it appears inside the paper's concatenations.</summary>
    public byte[] Encode() => new FieldWriter().Add(SignedContent()).Add(AuthoritySignature).ToArray();

    public static DoctorCertificate Decode(byte[] encoded)
    {
        var (inner, signature) = FieldReader.OpenSigned(encoded, "Cert_D v1", "Cert_D");
        var certificate = new DoctorCertificate(
            inner.ReadString(),
            inner.ReadString(),
            inner.ReadString(),
            inner.ReadTime(),
            inner.ReadTime(),
            signature);
        inner.EnsureEnd();
        return certificate;
    }

    public override string ToString() => $"Cert_D {Serial} ({DoctorId}, {DepartmentId}, until {NotAfter:yyyy-MM-dd})";
}
