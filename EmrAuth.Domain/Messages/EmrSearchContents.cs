using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>The plaintext of C_D2 (Eq. 25): ID_P || T_D2 || ID_D || Cert_D || ID_DE, plus the patient's (Scope_P || Sig_PS).</summary>
public sealed record IndexQueryContent(string PatientId, long TD2, string DoctorId, DoctorCertificate Certificate, string DepartmentId, SignedScope Scope)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(TD2).Add(DoctorId).Add(Certificate.Encode()).Add(DepartmentId).Add(Scope.Encode()).ToArray();

    public static IndexQueryContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new IndexQueryContent(r.ReadString(), r.ReadInt64(), r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadString(),
            SignedScope.Decode(r.ReadBytes()));
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_C (Eq. 29): ID_HPC || ID_DE || T_C, plus the scope the public cloud forwards to the hospital.</summary>
public sealed record IndexAnswerContent(string HospitalId, string DepartmentId, long TC, ForwardedScope Scope)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(DepartmentId).Add(TC).Add(Scope.Encode()).ToArray();

    public static IndexAnswerContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new IndexAnswerContent(r.ReadString(), r.ReadString(), r.ReadInt64(), ForwardedScope.Decode(r.ReadBytes()));
        r.EnsureEnd();
        return content;
    }
}

/// <summary>
/// The plaintext of C_D3 (Eq. 34): Cert_D || T_D3 || ID_D || R_D3 || R_D1, plus ID_P, which the hospital needs to
/// verify Sig_D3 in Eq. 37 and which the paper never sent it (docs/protocol.md#d-eq37-idp), and the scope the public cloud
/// forwarded with its answer, which the hospital checks itself.
/// </summary>
public sealed record HospitalAccessContent(DoctorCertificate Certificate, long TD3, string DoctorId, CurvePoint RD3, CurvePoint RD1, string PatientId, ForwardedScope Scope)
{
    public byte[] Encode() => new FieldWriter().Add(Certificate.Encode()).Add(TD3).Add(DoctorId).Add(RD3).Add(RD1).Add(PatientId).Add(Scope.Encode()).ToArray();

    public static HospitalAccessContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new HospitalAccessContent(DoctorCertificate.Decode(r.ReadBytes()), r.ReadInt64(), r.ReadString(), r.ReadPoint(), r.ReadPoint(), r.ReadString(),
            ForwardedScope.Decode(r.ReadBytes()));
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_HPC1 (Eq. 40): ID_HPC || SEK_2 || T_HPC1 || R_HPC2.</summary>
public sealed record HospitalAccessResponseContent(string HospitalId, SessionKey SessionKey, long THPC1, CurvePoint RHPC2)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(SessionKey.Export()).Add(THPC1).Add(RHPC2).ToArray();

    public static HospitalAccessResponseContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new HospitalAccessResponseContent(r.ReadString(), ConsultationResponseContent.ReadSessionKey(r), r.ReadInt64(), r.ReadPoint());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>
/// The plaintext of C_D4 (Eq. 45): ID_P || ID_D || T_D4 || Cert_D, plus ID_DE so the hospital knows which
/// department's record is asked for (the paper leaves it implicit).
/// </summary>
public sealed record RecordRequestContent(string PatientId, string DoctorId, long TD4, DoctorCertificate Certificate, string DepartmentId)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(DoctorId).Add(TD4).Add(Certificate.Encode()).Add(DepartmentId).ToArray();

    public static RecordRequestContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new RecordRequestContent(r.ReadString(), r.ReadString(), r.ReadInt64(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadString());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_HPC2 (Eq. 47): M_EMR || T_HPC2.</summary>
public sealed record RecordDeliveryContent(string MedicalRecord, long THPC2)
{
    public byte[] Encode() => new FieldWriter().Add(MedicalRecord).Add(THPC2).ToArray();

    public static RecordDeliveryContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new RecordDeliveryContent(r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>
/// The plaintext of C_D6 (architecture step 4): ID_P || ID_DE || M_DINF || k || ID_D || Cert_D || T_D6 || Sig_D6 [|| Label_S || Sig_L],
/// where k opens the commitment c that Sig_D6 signs (<see cref="SignedContents.DiagnosisCommitment"/>) and the optional
/// last field is the doctor's signed label restricting this diagnosis (absent for an unlabeled one, which keeps its bytes).
/// </summary>
public sealed record FilingContent(string PatientId, string DepartmentId, string Diagnosis, byte[] CommitmentKey, string DoctorId, DoctorCertificate Certificate, long TD6,
    byte[] Signature, SignedSensitivityLabel? Label = null)
{
    public byte[] Encode()
    {
        var writer = new FieldWriter().Add(PatientId).Add(DepartmentId).Add(Diagnosis).Add(CommitmentKey).Add(DoctorId).Add(Certificate.Encode()).Add(TD6).Add(Signature);
        return (Label is null ? writer : writer.Add(Label.Encode())).ToArray();
    }

    public static FilingContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new FilingContent(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadBytes(), r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadInt64(),
            r.ReadBytes());
        content = r.AtEnd ? content : content with { Label = SignedSensitivityLabel.Decode(r.ReadBytes()) };
        r.EnsureEnd();
        return content;
    }
}
