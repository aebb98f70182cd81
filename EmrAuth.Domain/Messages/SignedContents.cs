using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// What each signature covers, in the paper's field order, built once for signer and verifier alike. Every
/// payload starts with the signature's name, so a signature made for one message can never verify as another.
/// </summary>
public static class SignedContents
{
    /// <summary>Eq. 13: R_P1 || ID_P || R_P2 || B_P || PK || T_P1, plus Scope_P, so the visit's search scope is covered by Sig_P1.</summary>
    public static byte[] ConsultationRequest(CurvePoint rP1, string patientId, CurvePoint rP2, byte[] biometricPassword, CurvePoint pk, long tP1,
        SearchScope scope, ProtocolProfile profile = ProtocolProfile.Paper) =>
        new FieldWriter().Add(Named("Sig_P1", profile)).Add(rP1).Add(patientId).Add(rP2).Add(biometricPassword).Add(pk).Add(tP1).Add(scope.Encode()).ToArray();

    /// <summary>Eq. 19: R_D2 || ID_D || T_D1 || Cert_D || SEK_1 || PK.</summary>
    public static byte[] ConsultationResponse(CurvePoint rD2, string doctorId, long tD1, DoctorCertificate certificate, SessionKey sek1, CurvePoint pk) =>
        new FieldWriter().Add("Sig_D1").Add(rD2).Add(doctorId).Add(tD1).Add(certificate.Encode()).Add(sek1.Export()).Add(pk).ToArray();

    /// <summary>The refusal: ID_D || R_P2 || reason || T, binding it to the request it answers.</summary>
    public static byte[] ConsultationRefusal(string doctorId, CurvePoint rP2, string reason, long sentAt) =>
        new FieldWriter().Add("Sig_D1r").Add(doctorId).Add(rP2).Add(reason).Add(sentAt).ToArray();

    /// <summary>Eq. 26: S_D || T_D2 || ID_P || ID_DE || ID_D (only the issuer of S_D can check it: docs/protocol.md#g-key-escrow).</summary>
    public static byte[] IndexQuery(Scalar sD, long tD2, string patientId, string departmentId, string doctorId) =>
        new FieldWriter().Add("Sig_D2").Add(sD).Add(tD2).Add(patientId).Add(departmentId).Add(doctorId).ToArray();

    /// <summary>Eq. 30: ID_DE || S_D || ID_HPC || T_C, reading the undefined S_SD as S_D (docs/protocol.md#d-eq30-ssd).</summary>
    public static byte[] IndexAnswer(string departmentId, Scalar sD, string hospitalId, long tC) =>
        new FieldWriter().Add("Sig_C").Add(departmentId).Add(sD).Add(hospitalId).Add(tC).ToArray();

    /// <summary>Eq. 35: PK || T_D3 || ID_P || R_D3 || R_D1.</summary>
    public static byte[] HospitalAccessRequest(CurvePoint pk, long tD3, string patientId, CurvePoint rD3, CurvePoint rD1,
        ProtocolProfile profile = ProtocolProfile.Paper) =>
        new FieldWriter().Add(Named("Sig_D3", profile)).Add(pk).Add(tD3).Add(patientId).Add(rD3).Add(rD1).ToArray();

    /// <summary>Eq. 41: PK || T_HPC1 || ID_HPC.</summary>
    public static byte[] HospitalAccessResponse(CurvePoint pk, long tHpc1, string hospitalId) =>
        new FieldWriter().Add("Sig_HPC1").Add(pk).Add(tHpc1).Add(hospitalId).ToArray();

    /// <summary>Index registration: ID_HPC || h(ID_P || ID_DE) || T_HPC0.</summary>
    public static byte[] IndexRegistration(string hospitalId, byte[] indexKey, long sentAt) =>
        new FieldWriter().Add("Sig_HPC0").Add(hospitalId).Add(indexKey).Add(sentAt).ToArray();

    /// <summary>
    /// Step 4's filed diagnosis: ID_P || ID_DE || c || ID_D || T_D6, where c = <see cref="DiagnosisCommitment"/>. Sig_D6
    /// signs the commitment, not M_DINF: a deterministic check of a signature over a guessable text against a public key
    /// would confirm a guessed diagnosis (with T_D6 searched near the visit's time), a commitment under a secret k cannot.
    /// </summary>
    public static byte[] Filing(string patientId, string departmentId, byte[] commitment, string doctorId, long tD6) =>
        new FieldWriter().Add("Sig_D6").Add(patientId).Add(departmentId).Add(commitment).Add(doctorId).Add(tD6).ToArray();

    /// <summary>Length of the commitment key k, which travels only inside C_D6 and the hospital's record.</summary>
    public const int CommitmentKeyLength = 32;

    /// <summary>c = h(k || M_DINF) = SHA-256 over the two length-prefixed fields: a hiding, binding commitment for a fresh random k.</summary>
    public static byte[] DiagnosisCommitment(ReadOnlySpan<byte> key, string diagnosis) =>
        Hashing.Digest(new FieldWriter().Add(key).Add(diagnosis).ToArray());

    /// <summary>
    /// The signature's name, marked "(hardened)" in the hardened profile: a session's first signature then fails in
    /// the other profile, so a receiver told the wrong profile (a downgrade) refuses at Eq. 15 or 37.
    /// </summary>
    internal static string Named(string name, ProtocolProfile profile) => profile == ProtocolProfile.Hardened ? $"{name} (hardened)" : name;

    /// <summary>Associated data of a ciphertext: its name and the timestamp sent beside it, so neither can be swapped.</summary>
    public static byte[] AssociatedData(string ciphertextName, long timestamp) =>
        new FieldWriter().Add(ciphertextName).Add(timestamp).ToArray();
}
