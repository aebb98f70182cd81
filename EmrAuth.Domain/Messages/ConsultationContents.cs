using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// The plaintext of C_P1 (Eq. 12): ID_P || B_P || R_P1 || R_P2 || T_P1, plus (Scope_P || Sig_PS): the departments this
/// visit may search, signed by the patient (finding 2 of issue 11; the paper has no such field).
/// </summary>
public sealed record ConsultationRequestContent(string PatientId, byte[] BiometricPassword, CurvePoint RP1, CurvePoint RP2, long TP1, SignedScope Scope)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(BiometricPassword).Add(RP1).Add(RP2).Add(TP1).Add(Scope.Encode()).ToArray();

    public static ConsultationRequestContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new ConsultationRequestContent(r.ReadString(), r.ReadBytes(), r.ReadPoint(), r.ReadPoint(), r.ReadInt64(), SignedScope.Decode(r.ReadBytes()));
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_D1 (Eq. 18): ID_D || Cert_D || R_D1 || R_D2 || SEK_1 || T_D1.</summary>
public sealed record ConsultationResponseContent(string DoctorId, DoctorCertificate Certificate, CurvePoint RD1, CurvePoint RD2, SessionKey SessionKey, long TD1)
{
    public byte[] Encode() => new FieldWriter().Add(DoctorId).Add(Certificate.Encode()).Add(RD1).Add(RD2).Add(SessionKey.Export()).Add(TD1).ToArray();

    public static ConsultationResponseContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new ConsultationResponseContent(r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadPoint(), r.ReadPoint(),
            ReadSessionKey(r), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }

    internal static SessionKey ReadSessionKey(FieldReader reader)
    {
        var bytes = reader.ReadBytes();
        return bytes.Length == KeyDerivation.SessionKeyLength
            ? SessionKey.FromBytes(bytes)
            : throw new MalformedMessageException("a session key is 32 bytes");
    }
}

/// <summary>The plaintext of the doctor's refusal: ID_D || reason || T.</summary>
public sealed record ConsultationRefusalContent(string DoctorId, string Reason, long SentAt)
{
    public byte[] Encode() => new FieldWriter().Add(DoctorId).Add(Reason).Add(SentAt).ToArray();

    public static ConsultationRefusalContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new ConsultationRefusalContent(r.ReadString(), r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_P2 (Eq. 23): M_SD, ID_P, T_P2.</summary>
public sealed record SensorReadingsContent(string Readings, string PatientId, long TP2)
{
    public byte[] Encode() => new FieldWriter().Add(Readings).Add(PatientId).Add(TP2).ToArray();

    public static SensorReadingsContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new SensorReadingsContent(r.ReadString(), r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_D5 (Eq. 49): M_DINF || Cert_D || T_D5.</summary>
public sealed record DiagnosisContent(string Diagnosis, DoctorCertificate Certificate, long TD5)
{
    public byte[] Encode() => new FieldWriter().Add(Diagnosis).Add(Certificate.Encode()).Add(TD5).ToArray();

    public static DiagnosisContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new DiagnosisContent(r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}
