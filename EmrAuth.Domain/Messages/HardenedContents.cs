using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// Hardened C_D1 (in place of Eq. 18): ID_D || Cert_D || R_D1 || R_D2 || Tag_D1 || T_D1. SEK_1 is not sent; Tag_D1
/// confirms that the doctor derived it (docs/protocol.md#g-no-forward-secrecy).
/// </summary>
public sealed record ConfirmedResponseContent(string DoctorId, DoctorCertificate Certificate, CurvePoint RD1, CurvePoint RD2, byte[] Tag, long TD1)
{
    public byte[] Encode() => new FieldWriter().Add(DoctorId).Add(Certificate.Encode()).Add(RD1).Add(RD2).Add(Tag).Add(TD1).ToArray();

    public static ConfirmedResponseContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new ConfirmedResponseContent(r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadPoint(), r.ReadPoint(), r.ReadBytes(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>Hardened C_HPC1 (in place of Eq. 40): ID_HPC || Tag_HPC1 || T_HPC1 || R_HPC2; SEK_2 is not sent.</summary>
public sealed record ConfirmedAccessResponseContent(string HospitalId, byte[] Tag, long THPC1, CurvePoint RHPC2)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(Tag).Add(THPC1).Add(RHPC2).ToArray();

    public static ConfirmedAccessResponseContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new ConfirmedAccessResponseContent(r.ReadString(), r.ReadBytes(), r.ReadInt64(), r.ReadPoint());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>
/// What the hardened profile binds: the transcripts its session keys are salted with and its tags cover, and the
/// signed contents that replace the paper's where the paper signs a session key or S_D. Every signed content is
/// named "… (hardened)", so a signature from one profile never verifies in the other (a downgrade fails at the
/// first signature check).
/// </summary>
public static class HardenedContents
{
    /// <summary>SEK_1's transcript: ID_P || R_P1 || R_P2 || T_P1 || ID_D || Cert_D || R_D1 || R_D2 || T_D1 || PK.</summary>
    public static byte[] ConsultationTranscript(string patientId, CurvePoint rP1, CurvePoint rP2, long tP1,
        string doctorId, DoctorCertificate certificate, CurvePoint rD1, CurvePoint rD2, long tD1, CurvePoint pk) =>
        new FieldWriter().Add("SEK_1 transcript").Add(patientId).Add(rP1).Add(rP2).Add(tP1)
            .Add(doctorId).Add(certificate.Encode()).Add(rD1).Add(rD2).Add(tD1).Add(pk).ToArray();

    /// <summary>SEK_2's transcript: ID_D || Cert_D || R_D1 || ID_P || R_D3 || T_D3 || ID_HPC || R_HPC1 || R_HPC2 || T_HPC1 || PK.</summary>
    public static byte[] EmrSearchTranscript(string doctorId, DoctorCertificate certificate, CurvePoint rD1, string patientId, CurvePoint rD3, long tD3,
        string hospitalId, CurvePoint rHpc1, CurvePoint rHpc2, long tHpc1, CurvePoint pk) =>
        new FieldWriter().Add("SEK_2 transcript").Add(doctorId).Add(certificate.Encode()).Add(rD1).Add(patientId).Add(rD3).Add(tD3)
            .Add(hospitalId).Add(rHpc1).Add(rHpc2).Add(tHpc1).Add(pk).ToArray();

    /// <summary>Sig_D1 (in place of Eq. 19): R_P2 || R_D2 || ID_D || T_D1 || Cert_D || Tag_D1 || PK; it covers R_P2, so it cannot move to another session.</summary>
    public static byte[] ConsultationResponse(CurvePoint rP2, CurvePoint rD2, string doctorId, long tD1, DoctorCertificate certificate, byte[] tag, CurvePoint pk) =>
        new FieldWriter().Add("Sig_D1 (hardened)").Add(rP2).Add(rD2).Add(doctorId).Add(tD1).Add(certificate.Encode()).Add(tag).Add(pk).ToArray();

    /// <summary>Sig_HPC1 (in place of Eq. 41): PK || T_HPC1 || ID_HPC || R_D3 || R_HPC2 || Tag_HPC1.</summary>
    public static byte[] HospitalAccessResponse(CurvePoint pk, long tHpc1, string hospitalId, CurvePoint rD3, CurvePoint rHpc2, byte[] tag) =>
        new FieldWriter().Add("Sig_HPC1 (hardened)").Add(pk).Add(tHpc1).Add(hospitalId).Add(rD3).Add(rHpc2).Add(tag).ToArray();

    /// <summary>
    /// Sig_D2 (in place of Eq. 26): PUK_D || T_D2 || ID_P || ID_DE || ID_D. The paper signs S_D, which only the key's
    /// issuer can check; after escrow-free issuance the public cloud does not know S_D, and PUK_D (which it rebuilds
    /// from R_D1 and Cert_D) names the same key without revealing anything.
    /// </summary>
    public static byte[] IndexQuery(CurvePoint doctorKey, long tD2, string patientId, string departmentId, string doctorId) =>
        new FieldWriter().Add("Sig_D2 (hardened)").Add(doctorKey).Add(tD2).Add(patientId).Add(departmentId).Add(doctorId).ToArray();

    /// <summary>
    /// Sig_C (in place of Eq. 30): ID_DE || PUK_D || ID_HPC || T_C || h(C_D2, Sig_D2, T_D2). PUK_D replaces S_D as in
    /// Sig_D2, and the digest of the query binds the answer to the one query it answers.
    /// </summary>
    public static byte[] IndexAnswer(string departmentId, CurvePoint doctorKey, string hospitalId, long tC, byte[] queryDigest) =>
        new FieldWriter().Add("Sig_C (hardened)").Add(departmentId).Add(doctorKey).Add(hospitalId).Add(tC).Add(queryDigest).ToArray();
}

/// <summary>
/// Hardened filing: C_R's plaintext, ID_HPC || T_D6, sealed to PUK_C so that only the public cloud reads where the
/// filing goes. C_D6's associated data then also names ID_HPC and C_R, so neither can be changed or swapped.
/// </summary>
public sealed record FilingRouteContent(string HospitalId, long TD6)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(TD6).ToArray();

    public static FilingRouteContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new FilingRouteContent(r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }

    /// <summary>C_D6's associated data in the hardened profile: ("C_D6", T_D6) || ID_HPC || C_R.</summary>
    public static byte[] FilingAssociatedData(byte[] associatedData, string hospitalId, byte[] sealedRoute) =>
        new FieldWriter().Add(associatedData).Add(hospitalId).Add(sealedRoute).ToArray();
}
