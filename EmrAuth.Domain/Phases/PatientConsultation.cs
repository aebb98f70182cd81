using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// The patient's side of one visit: consultation (Eqs. 11–13, 20–23) and diagnosis (Eq. 50). In the hardened profile
/// R_P2 is an ephemeral ECDH key erased once SEK_1 is confirmed, and C_D1 carries Tag_D1 instead of SEK_1.
/// </summary>
/// <remarks>Not thread-safe: one session's steps run one at a time (its party's shared state is thread-safe; see Party).</remarks>
public sealed class PatientConsultation
{
    public enum Stage { AwaitingDoctor, Established, Refused, Diagnosed }

    private readonly Patient _patient;
    private readonly IssuedCredentials _credentials;
    private readonly DirectoryEntry _doctor;
    private readonly PublicKey _doctorKey;
    private readonly IProtocolEventSink _sink;
    private readonly Scalar? _r5;
    private readonly EphemeralKey? _ephemeral;
    private readonly CurvePoint _rP2;
    private SessionKey? _sek1;

    internal PatientConsultation(Patient patient, IssuedCredentials credentials, DirectoryEntry doctor, IProtocolEventSink sink, ProtocolProfile profile,
        IEnumerable<string> departments, bool includeRestricted)
    {
        _patient = patient;
        _credentials = credentials;
        _doctor = doctor;
        _sink = sink;
        Profile = profile;
        var crypto = patient.Crypto;
        _doctorKey = patient.Trust.PublicKeyOf(Phase.Consultation, doctor);
        (_r5, _ephemeral, _rP2) = crypto.NewSessionNonce(Phase.Consultation, profile);
        var pk = patient.Bulletin.MasterPublicKey;
        var tP1 = patient.NewTimestamp();
        Scope = new SearchScope(patient.Id, doctor.Id, departments, tP1, includeRestricted);
        var scope = new SignedScope(Scope, crypto.Sign(Phase.Consultation, credentials.Key, Scope.Encode()));
        var content = new ConsultationRequestContent(patient.Id, patient.BiometricPasswordValue, credentials.R, _rP2, tP1, scope);
        var cP1 = crypto.EncryptFor(Phase.Consultation, _doctorKey, content.Encode(), SignedContents.AssociatedData("C_P1", tP1), Profile);
        var sigP1 = crypto.Sign(Phase.Consultation, credentials.Key,
            SignedContents.ConsultationRequest(credentials.R, patient.Id, _rP2, patient.BiometricPasswordValue, pk, tP1, Scope, profile));
        Request = new ConsultationRequest(cP1, sigP1, tP1);
    }

    public ProtocolProfile Profile { get; }

    /// <summary>Scope_P: the departments the patient allowed this visit to search, signed into C_P1.</summary>
    public SearchScope Scope { get; }

    public Stage State { get; private set; } = Stage.AwaitingDoctor;

    /// <summary>Hardened profile: true once the ephemeral key behind R_P2 has been erased (after SEK_1 was confirmed).</summary>
    public bool EphemeralErased => _ephemeral?.IsErased ?? false;

    public string DoctorId => _doctor.Id;

    /// <summary>(C_P1, Sig_P1, T_P1), to be delivered to the doctor.</summary>
    public ConsultationRequest Request { get; }

    public string? RefusalReason { get; private set; }

    public string? Diagnosis { get; private set; }

    internal SessionKey? SessionKey => _sek1;

    private PartyRef DoctorRef => new(PartyRole.Doctor, _doctor.Id);

    /// <summary>Step 2: ΔT, Eq. 20 (decrypt, Cert_D legal), Eq. 21 (Sig_D1 with PUK_D), Eq. 22 (SEK_1).</summary>
    public void ReceiveResponse(ConsultationResponse message)
    {
        RequireStage(Stage.AwaitingDoctor, message);
        if (Profile == ProtocolProfile.Hardened)
        {
            ReceiveConfirmedResponse(message);
            return;
        }
        var crypto = _patient.Crypto;
        using var step = new ReceiveStep(_patient, _sink, Phase.Consultation, 2, DoctorRef, message);
        step.RequireFresh();
        var content = step.Decrypt(20, "PRK_P", (c, aad) => crypto.Decrypt(Phase.Consultation, _credentials.Key, c, aad, Profile), ConsultationResponseContent.Decode, c => c.TD1);
        step.Recovered("ID_D", content.DoctorId);
        step.Recovered("Cert_D", content.Certificate.ToString(), Sensitivity.Public);
        step.RecoveredSecret("SEK_1", KeyDerivation.SessionKeyLength);
        CheckDoctor(step, content.DoctorId, content.RD1, content.Certificate);
        var pk = _patient.Bulletin.MasterPublicKey;
        // Eq. 21 as printed verifies with PUK_P; Sig_D1 is made with PRK_D (Eq. 19), so PUK_D is the only key that works (docs/protocol.md#d-eq21-key).
        step.RequireSignature(crypto, _doctorKey,
                SignedContents.ConsultationResponse(content.RD2, content.DoctorId, content.TD1, content.Certificate, content.SessionKey, pk), message.Signature,
            21, "Verify Sig_D1 with PUK_D (corrected)", "Sig_D1 is the doctor's signature", "Sig_D1 does not verify with PUK_D");
        // Eq. 22 as printed hashes h(ID_D || R_D1); registration used Hq(ID_D || Cert_D || R_D1) (Eq. 9), so PUK_D is reconstructed with Cert_D (docs/protocol.md#d-eq22-hash).
        var expected = crypto.SessionKey(Phase.Consultation, _credentials.S, _r5!, content.RD2, _doctorKey.Point);
        step.Require(expected.SameAs(content.SessionKey), 22, "SEK_1 = h(S_P·R_D2 + r5·PUK_D || r5·R_D2)",
            "both sides derived the same SEK_1", "the SEK_1 the doctor sent differs from the one the patient derives (not this session's doctor)");
        step.Accept();
        _sek1 = expected;
        State = Stage.Established;
    }

    /// <summary>
    /// Hardened step 2: ΔT, Eq. 20 (decrypt, Cert_D legal), Eq. 21 (Sig_D1 over R_P2, R_D2 and Tag_D1), then in place
    /// of Eq. 22: SEK_1 = HKDF(ECDH(R_P2's ephemeral key, R_D2), salt = h(transcript)) and Tag_D1 checked in constant
    /// time. The ephemeral key is erased only when the response is accepted, so a forged C_D1 changes nothing.
    /// </summary>
    private void ReceiveConfirmedResponse(ConsultationResponse message)
    {
        var crypto = _patient.Crypto;
        using var step = new ReceiveStep(_patient, _sink, Phase.Consultation, 2, DoctorRef, message);
        step.RequireFresh();
        var content = step.Decrypt(20, "PRK_P", (c, aad) => crypto.Decrypt(Phase.Consultation, _credentials.Key, c, aad, Profile), ConfirmedResponseContent.Decode, c => c.TD1);
        step.Recovered("ID_D", content.DoctorId);
        step.Recovered("Cert_D", content.Certificate.ToString(), Sensitivity.Public);
        step.Recovered("Tag_D1", Convert.ToHexString(content.Tag), Sensitivity.Public);
        CheckDoctor(step, content.DoctorId, content.RD1, content.Certificate);
        var pk = _patient.Bulletin.MasterPublicKey;
        step.RequireSignature(crypto, _doctorKey,
                HardenedContents.ConsultationResponse(_rP2, content.RD2, content.DoctorId, content.TD1, content.Certificate, content.Tag, pk), message.Signature,
            21, "Verify Sig_D1 with PUK_D (hardened: covers R_P2, R_D2, Tag_D1)", "Sig_D1 is the doctor's signature over this session's ephemeral keys",
            "Sig_D1 does not verify with PUK_D over this session's R_P2, R_D2 and Tag_D1");
        var transcript = HardenedContents.ConsultationTranscript(_patient.Id, _credentials.R, _rP2, Request.SentAt,
            content.DoctorId, content.Certificate, content.RD1, content.RD2, content.TD1, pk);
        var sek1 = step.ConfirmKey(crypto, _ephemeral!, content.RD2, transcript, content.Tag, 22, KeyConfirmationCheck.Consultation, "SEK_1", "Tag_D1", "doctor");
        step.Accept();
        _ephemeral!.Dispose();
        _sek1 = sek1;
        State = Stage.Established;
    }

    /// <summary>The doctor declined: decrypt the refusal and check its signature, which binds it to R_P2.</summary>
    public void ReceiveRefusal(ConsultationRefusal message)
    {
        RequireStage(Stage.AwaitingDoctor, message);
        var crypto = _patient.Crypto;
        using var step = new ReceiveStep(_patient, _sink, Phase.Consultation, 2, DoctorRef, message);
        step.RequireFresh();
        var content = step.Decrypt(20, "PRK_P", (c, aad) => crypto.Decrypt(Phase.Consultation, _credentials.Key, c, aad, Profile), ConsultationRefusalContent.Decode, c => c.SentAt);
        step.Recovered("Reason", content.Reason, Sensitivity.Public);
        step.Require(content.DoctorId == _doctor.Id, 20, "Refusal from the addressed doctor",
            "names this doctor", $"the refusal names {content.DoctorId}, not {_doctor.Id}");
        step.RequireSignature(crypto, _doctorKey, SignedContents.ConsultationRefusal(content.DoctorId, _rP2, content.Reason, content.SentAt), message.Signature,
            21, "Verify refusal signature with PUK_D", "signed by the doctor for this request", "the refusal's signature does not verify with PUK_D");
        step.Accept($"The doctor declined the visit: {content.Reason}", succeeded: false);
        _ephemeral?.Dispose();
        RefusalReason = content.Reason;
        State = Stage.Refused;
    }

    /// <summary>Eq. 23: C_P2 = E_SEK1(M_SD, ID_P, T_P2).</summary>
    public SensorReadings SendReadings(string readings)
    {
        var key = EstablishedKey();
        var tP2 = _patient.NewTimestamp();
        var content = new SensorReadingsContent(readings, _patient.Id, tP2);
        return new SensorReadings(_patient.Crypto.SessionEncrypt(Phase.Consultation, key, content.Encode(), SignedContents.AssociatedData("C_P2", tP2), Profile), tP2);
    }

    /// <summary>Diagnosis step 1: ΔT, Eq. 50 (decrypt with SEK_1, Cert_D legal and the consultation's doctor).</summary>
    public string ReceiveDiagnosis(DiagnosisMessage message)
    {
        var key = EstablishedKey();
        using var step = new ReceiveStep(_patient, _sink, Phase.Diagnosis, 1, DoctorRef, message);
        step.RequireFresh();
        var content = step.Decrypt(50, "SEK_1", (c, aad) => _patient.Crypto.SessionDecrypt(Phase.Diagnosis, key, c, aad, Profile), DiagnosisContent.Decode, c => c.TD5);
        step.Recovered("M_DINF", content.Diagnosis);
        var status = _patient.Trust.CheckCertificate(Phase.Diagnosis, content.Certificate, _doctor.Id, _patient.Now);
        step.Require(status.IsLegal, 50, "Cert_D legal", status.Reason, status.Reason);
        step.Accept("The patient received the diagnosis.");
        Diagnosis = content.Diagnosis;
        State = Stage.Diagnosed;
        return content.Diagnosis;
    }

    /// <summary>Eq. 20's checks on C_D1 in both profiles: the doctor this visit addressed, with a legal Cert_D.</summary>
    private void CheckDoctor(ReceiveStep step, string doctorId, CurvePoint rD1, DoctorCertificate certificate)
    {
        step.Require(doctorId == _doctor.Id && rD1.SameAs(_doctor.R), 20, "Doctor is the one addressed",
            $"ID_D and R_D1 match {_doctor.Id} in the directory", $"C_D1 names {doctorId}, not the doctor this visit was sent to ({_doctor.Id})");
        var status = _patient.Trust.CheckCertificate(Phase.Consultation, certificate, doctorId, _patient.Now);
        step.Require(status.IsLegal, 20, "Cert_D legal", status.Reason, status.Reason);
    }

    private SessionKey EstablishedKey() => State == Stage.Established && _sek1 is not null
        ? _sek1
        : throw new ProtocolStateException($"The visit is {State}; this step needs an established SEK_1.");

    private void RequireStage(Stage stage, ProtocolMessage message)
    {
        if (State != stage)
        {
            throw new ProtocolStateException($"{message.Name} arrived while the visit is {State}, not {stage}.");
        }
    }
}
