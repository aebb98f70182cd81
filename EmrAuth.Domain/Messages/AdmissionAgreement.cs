using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// Admission_P: the patient's agreement to be registered at one hospital (issue 11, finding 3). Signed by PRK_P
/// (Sig_PA) over "Admission_P" || ID_P || ID_HPC || T_PA || N_PA, where N_PA is 16 random bytes. A hospital creates a
/// record only for a patient whose agreement names it and verifies with the patient's PUK_P.
/// </summary>
public sealed record AdmissionAgreement(string PatientId, string HospitalId, long SignedAt, byte[] Nonce)
{
    /// <summary>The named check of the records feature.</summary>
    public const string Check = "Admission agreement (patient-signed)";

    public const int NonceLength = 16;

    public byte[] Nonce { get; } = Nonce.Length == NonceLength ? Nonce : throw new ArgumentException($"N_PA is {NonceLength} bytes.", nameof(Nonce));

    public static AdmissionAgreement New(string patientId, string hospitalId, long signedAt) =>
        new(patientId, hospitalId, signedAt, RandomSource.GetBytes(NonceLength));

    public byte[] Encode() => new FieldWriter().Add("Admission_P").Add(PatientId).Add(HospitalId).Add(SignedAt).Add(Nonce).ToArray();

    public static AdmissionAgreement Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != "Admission_P")
        {
            throw new MalformedMessageException("not an Admission_P statement");
        }
        var (patientId, hospitalId, signedAt, nonce) = (r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadBytes());
        r.EnsureEnd();
        return nonce.Length == NonceLength ? new AdmissionAgreement(patientId, hospitalId, signedAt, nonce) : throw new MalformedMessageException($"N_PA is {NonceLength} bytes");
    }
}

/// <summary>Admission_P as the hospital keeps it: Admission_P || Sig_PA || PUK_P (the key it verified, pinned for later).</summary>
public sealed record SignedAdmission(AdmissionAgreement Agreement, byte[] Signature, CurvePoint PatientKey)
{
    public byte[] Encode() => new FieldWriter().Add(Agreement.Encode()).Add(Signature).Add(PatientKey).ToArray();

    public static SignedAdmission Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var signed = new SignedAdmission(AdmissionAgreement.Decode(r.ReadBytes()), r.ReadBytes(), r.ReadPoint());
        r.EnsureEnd();
        return signed;
    }
}
