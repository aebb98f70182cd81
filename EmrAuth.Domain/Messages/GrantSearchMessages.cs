using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Domain.Messages;

/// <summary>Doctor → public cloud: (C_G1, Sig_G1, T_G1), a search under a consent grant.</summary>
public sealed record GrantQuery(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_G1", "Sig_G1", "T_G1");
}

/// <summary>Public cloud → doctor: (C_G2, Sig_G2, T_G2), the record's hospital and the cloud's vouch for PUK_P.</summary>
public sealed record GrantAnswer(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_G2", "Sig_G2", "T_G2");
}

/// <summary>Doctor → hospital cloud: (C_G3, Sig_G3, T_G3), the grant and the vouch, asking for one department's record.</summary>
public sealed record GrantAccessRequest(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_G3", "Sig_G3", "T_G3");
}

/// <summary>Hospital cloud → doctor: (C_G4, Sig_G4, T_G4), M_EMR encrypted to PUK_D.</summary>
public sealed record GrantRecordDelivery(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_G4", "Sig_G4", "T_G4");
}

/// <summary>Patient → public cloud: (C_R1, Sig_R1, T_R1); C_R1 = E_PUK_C(Revoke_P), Sig_R1 = Sign_PRK_P(Revoke_P).</summary>
public sealed record RevocationRequest(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_R1", "Sig_R1", "T_R1");
}

/// <summary>Public cloud → hospital cloud: (C_R2, Sig_R2, T_R2), the patient's revocation relayed with the cloud's vouch for PUK_P.</summary>
public sealed record RevocationNotice(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_R2", "Sig_R2", "T_R2");
}

/// <summary>The plaintext of C_G1: ID_P || ID_D || Cert_D || ID_DE || purpose || (Grant_P || Sig_PG) || T_G1.</summary>
public sealed record GrantQueryContent(string PatientId, string DoctorId, DoctorCertificate Certificate, string DepartmentId, PurposeOfUse Purpose, SignedGrant Grant,
    long TG1)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(DoctorId).Add(Certificate.Encode()).Add(DepartmentId).Add(Purpose.ToString()).Add(Grant.Encode())
        .Add(TG1).ToArray();

    public static GrantQueryContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new GrantQueryContent(r.ReadString(), r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadString(),
            ConsentGrant.ReadEnum<PurposeOfUse>(r, "purpose of use"), SignedGrant.Decode(r.ReadBytes()), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>
/// What the public cloud adds for the hospital: PUK_P and Sig_CG = Sign_PRK_C("Grant_C" || ID_HPC || ID_D || PUK_P ||
/// h(Grant_P) || T_G2), by which it vouches that PUK_P is the key it issued to the grant's patient.
/// </summary>
public sealed record GrantVouch(CurvePoint PatientKey, long TG2, byte[] CloudSignature)
{
    public byte[] Encode() => new FieldWriter().Add(PatientKey).Add(TG2).Add(CloudSignature).ToArray();

    public static GrantVouch Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var vouch = new GrantVouch(r.ReadPoint(), r.ReadInt64(), r.ReadBytes());
        r.EnsureEnd();
        return vouch;
    }

    public static byte[] Vouched(string hospitalId, string doctorId, CurvePoint patientKey, SignedGrant grant, long tG2) =>
        new FieldWriter().Add("Grant_C").Add(hospitalId).Add(doctorId).Add(patientKey).Add(grant.Digest()).Add(tG2).ToArray();
}

/// <summary>The plaintext of C_G2: ID_HPC || ID_DE || T_G2 || (PUK_P || T_G2 || Sig_CG).</summary>
public sealed record GrantAnswerContent(string HospitalId, string DepartmentId, long TG2, GrantVouch Vouch)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(DepartmentId).Add(TG2).Add(Vouch.Encode()).ToArray();

    public static GrantAnswerContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new GrantAnswerContent(r.ReadString(), r.ReadString(), r.ReadInt64(), GrantVouch.Decode(r.ReadBytes()));
        r.EnsureEnd();
        return content;
    }
}

/// <summary>
/// The plaintext of C_G3: Cert_D || ID_D || R_D1 || ID_P || ID_DE || purpose || (Grant_P || Sig_PG) || (PUK_P || T_G2 ||
/// Sig_CG) || T_G3. R_D1 lets the hospital rebuild PUK_D as in Eq. 37.
/// </summary>
public sealed record GrantAccessContent(DoctorCertificate Certificate, string DoctorId, CurvePoint RD1, string PatientId, string DepartmentId, PurposeOfUse Purpose,
    SignedGrant Grant, GrantVouch Vouch, long TG3)
{
    public byte[] Encode() => new FieldWriter().Add(Certificate.Encode()).Add(DoctorId).Add(RD1).Add(PatientId).Add(DepartmentId).Add(Purpose.ToString())
        .Add(Grant.Encode()).Add(Vouch.Encode()).Add(TG3).ToArray();

    public static GrantAccessContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new GrantAccessContent(DoctorCertificate.Decode(r.ReadBytes()), r.ReadString(), r.ReadPoint(), r.ReadString(), r.ReadString(),
            ConsentGrant.ReadEnum<PurposeOfUse>(r, "purpose of use"), SignedGrant.Decode(r.ReadBytes()), GrantVouch.Decode(r.ReadBytes()), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_G4: ID_HPC || ID_P || ID_DE || M_EMR || T_G4.</summary>
public sealed record GrantRecordContent(string HospitalId, string PatientId, string DepartmentId, string MedicalRecord, long TG4)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(PatientId).Add(DepartmentId).Add(MedicalRecord).Add(TG4).ToArray();

    public static GrantRecordContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new GrantRecordContent(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_R2: (Revoke_P || Sig_R1) || PUK_P || T_R2.</summary>
public sealed record RevocationNoticeContent(ConsentRevocation Revocation, byte[] PatientSignature, CurvePoint PatientKey, long TR2)
{
    public byte[] Encode() => new FieldWriter().Add(Revocation.Encode()).Add(PatientSignature).Add(PatientKey).Add(TR2).ToArray();

    public static RevocationNoticeContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new RevocationNoticeContent(ConsentRevocation.Decode(r.ReadBytes()), r.ReadBytes(), r.ReadPoint(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>What the grant-search and revocation signatures cover; each names itself and, where both profiles run it, the profile.</summary>
public static class ConsentContents
{
    /// <summary>Sig_G1 = Sign_PRK_D: ID_P || ID_D || ID_DE || purpose || h(Grant_P) || T_G1.</summary>
    public static byte[] GrantQuery(string patientId, string doctorId, string departmentId, PurposeOfUse purpose, SignedGrant grant, long tG1, ProtocolProfile profile) =>
        new FieldWriter().Add(SignedContents.Named("Sig_G1", profile)).Add(patientId).Add(doctorId).Add(departmentId).Add(purpose.ToString()).Add(grant.Digest()).Add(tG1)
            .ToArray();

    /// <summary>Sig_G2 = Sign_PRK_C: ID_HPC || ID_DE || h(C_G1, Sig_G1, T_G1) || T_G2, so the answer belongs to this query only.</summary>
    public static byte[] GrantAnswer(string hospitalId, string departmentId, byte[] queryDigest, long tG2, ProtocolProfile profile) =>
        new FieldWriter().Add(SignedContents.Named("Sig_G2", profile)).Add(hospitalId).Add(departmentId).Add(queryDigest).Add(tG2).ToArray();

    /// <summary>Sig_G3 = Sign_PRK_D: ID_HPC || ID_P || ID_D || ID_DE || purpose || h(Grant_P) || T_G3.</summary>
    public static byte[] GrantAccess(string hospitalId, string patientId, string doctorId, string departmentId, PurposeOfUse purpose, SignedGrant grant, long tG3,
        ProtocolProfile profile) =>
        new FieldWriter().Add(SignedContents.Named("Sig_G3", profile)).Add(hospitalId).Add(patientId).Add(doctorId).Add(departmentId).Add(purpose.ToString())
            .Add(grant.Digest()).Add(tG3).ToArray();

    /// <summary>Sig_G4 = Sign_PRK_HPC: ID_HPC || ID_D || h(C_G3, Sig_G3, T_G3) || h(C_G4) || T_G4.</summary>
    public static byte[] GrantRecord(string hospitalId, string doctorId, byte[] requestDigest, byte[] ciphertext, long tG4, ProtocolProfile profile) =>
        new FieldWriter().Add(SignedContents.Named("Sig_G4", profile)).Add(hospitalId).Add(doctorId).Add(requestDigest).Add(Hashing.Digest(ciphertext)).Add(tG4)
            .ToArray();

    /// <summary>Sig_R2 = Sign_PRK_C: "Revoke_C" || ID_HPC || PUK_P || h(Revoke_P) || T_R2.</summary>
    public static byte[] RevocationNotice(string hospitalId, CurvePoint patientKey, ConsentRevocation revocation, long tR2) =>
        new FieldWriter().Add("Revoke_C").Add(hospitalId).Add(patientKey).Add(Hashing.Digest(revocation.Encode())).Add(tR2).ToArray();
}
