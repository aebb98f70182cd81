using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>The doctor's side of one visit: accept or refuse (Eqs. 16–19), M_SD (Eq. 24), diagnosis (Eq. 49), filing.</summary>
/// <remarks>Not thread-safe: one session's steps run one at a time (its party's shared state is thread-safe; see Party).</remarks>
public sealed class DoctorConsultation
{
    public enum Stage { AwaitingDecision, Accepted, Refused, ReadingsReceived, Diagnosed }

    private readonly Doctor _doctor;
    private readonly IssuedCredentials _credentials;
    private readonly IProtocolEventSink _sink;
    private readonly ConsultationRequestContent _request;
    private readonly PublicKey _patientKey;
    private SessionKey? _sek1;

    internal DoctorConsultation(Doctor doctor, IssuedCredentials credentials, IProtocolEventSink sink,
        ConsultationRequestContent request, PublicKey patientKey, PartyRef patient, ProtocolProfile profile)
    {
        Profile = profile;
        _doctor = doctor;
        _credentials = credentials;
        _sink = sink;
        _request = request;
        _patientKey = patientKey;
        Patient = patient;
    }

    public ProtocolProfile Profile { get; }

    public Stage State { get; private set; } = Stage.AwaitingDecision;

    /// <summary>ID_P, recovered from C_P1 and authenticated by Sig_P1.</summary>
    public string PatientId => _request.PatientId;

    public PartyRef Patient { get; }

    /// <summary>Scope_P: the departments the patient allowed this visit to search.</summary>
    public SearchScope Scope => _request.Scope.Scope;

    public Doctor Doctor => _doctor;

    /// <summary>M_SD, once received.</summary>
    public string? Readings { get; private set; }

    public string? Diagnosis { get; private set; }

    internal SessionKey? SessionKey => _sek1;

    /// <summary>Eqs. 16–19: R_D2 = r6·P, SEK_1, C_D1 = E_PUK_P(...), Sig_D1.</summary>
    public ConsultationResponse Accept()
    {
        RequireStage(Stage.AwaitingDecision);
        if (Profile == ProtocolProfile.Hardened)
        {
            return AcceptConfirmed();
        }
        var crypto = _doctor.Crypto;
        var r6 = Scalar.Random();
        var rD2 = crypto.MultiplyGenerator(Phase.Consultation, r6);
        var sek1 = crypto.SessionKey(Phase.Consultation, _credentials.S, r6, _request.RP2, _patientKey.Point);
        var certificate = _doctor.PresentedCertificate;
        var tD1 = _doctor.NewTimestamp();
        var content = new ConsultationResponseContent(_doctor.Id, certificate, _credentials.R, rD2, sek1, tD1);
        var cD1 = crypto.EncryptFor(Phase.Consultation, _patientKey, content.Encode(), SignedContents.AssociatedData("C_D1", tD1), Profile);
        var sigD1 = crypto.Sign(Phase.Consultation, _credentials.Key,
            SignedContents.ConsultationResponse(rD2, _doctor.Id, tD1, certificate, sek1, _doctor.Bulletin.MasterPublicKey));
        _sek1 = sek1;
        State = Stage.Accepted;
        return new ConsultationResponse(cD1, sigD1, tD1);
    }

    /// <summary>
    /// Hardened Eqs. 16–19: a fresh ephemeral key gives R_D2; SEK_1 = HKDF(ECDH(it, R_P2), salt = h(transcript)), and
    /// the ephemeral key is erased before C_D1 leaves. C_D1 = E_PUK_P(ID_D || Cert_D || R_D1 || R_D2 || Tag_D1 || T_D1)
    /// and Sig_D1 covers R_P2 || R_D2 || Tag_D1: PRK_D only authenticates, it never protects SEK_1.
    /// </summary>
    private ConsultationResponse AcceptConfirmed()
    {
        var crypto = _doctor.Crypto;
        var pk = _doctor.Bulletin.MasterPublicKey;
        var certificate = _doctor.PresentedCertificate;
        var tD1 = _doctor.NewTimestamp();
        var (rD2, sek1, tag) = crypto.ConfirmedResponse(Phase.Consultation, _request.RP2, rD2 => HardenedContents.ConsultationTranscript(
            _request.PatientId, _request.RP1, _request.RP2, _request.TP1, _doctor.Id, certificate, _credentials.R, rD2, tD1, pk), "SEK_1", "Tag_D1");
        var content = new ConfirmedResponseContent(_doctor.Id, certificate, _credentials.R, rD2, tag, tD1);
        var cD1 = crypto.EncryptFor(Phase.Consultation, _patientKey, content.Encode(), SignedContents.AssociatedData("C_D1", tD1), Profile);
        var sigD1 = crypto.Sign(Phase.Consultation, _credentials.Key, HardenedContents.ConsultationResponse(_request.RP2, rD2, _doctor.Id, tD1, certificate, tag, pk));
        _sek1 = sek1;
        State = Stage.Accepted;
        return new ConsultationResponse(cD1, sigD1, tD1);
    }

    /// <summary>The doctor declines the visit; the patient gets a signed, encrypted reason.</summary>
    public ConsultationRefusal Refuse(string reason)
    {
        RequireStage(Stage.AwaitingDecision);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var crypto = _doctor.Crypto;
        var sentAt = _doctor.NewTimestamp();
        var content = new ConsultationRefusalContent(_doctor.Id, reason, sentAt);
        var ciphertext = crypto.EncryptFor(Phase.Consultation, _patientKey, content.Encode(), SignedContents.AssociatedData("C_D1r", sentAt), Profile);
        var signature = crypto.Sign(Phase.Consultation, _credentials.Key, SignedContents.ConsultationRefusal(_doctor.Id, _request.RP2, reason, sentAt));
        State = Stage.Refused;
        _sink.Publish(new OutcomeEvent(Phase.Consultation, 1, _doctor.Now, _doctor.Ref, false, $"The doctor declined the visit: {reason}"));
        return new ConsultationRefusal(ciphertext, signature, sentAt);
    }

    /// <summary>Step 3: ΔT, Eq. 24 (decrypt C_P2 with SEK_1; it must name this visit's patient).</summary>
    public string ReceiveReadings(SensorReadings message)
    {
        RequireStage(Stage.Accepted);
        using var step = new ReceiveStep(_doctor, _sink, Phase.Consultation, 3, Patient, message);
        step.RequireFresh();
        var content = step.Decrypt(24, "SEK_1", (c, aad) => _doctor.Crypto.SessionDecrypt(Phase.Consultation, _sek1!, c, aad, Profile), SensorReadingsContent.Decode, c => c.TP2);
        step.Recovered("M_SD", content.Readings);
        step.Require(content.PatientId == PatientId, 24, "ID_P is this visit's patient", "same ID_P as C_P1", "C_P2 names another patient");
        step.Accept("Consultation established: both sides hold SEK_1 and M_SD arrived.");
        Readings = content.Readings;
        State = Stage.ReadingsReceived;
        return content.Readings;
    }

    /// <summary>EMR search step 1 (Eqs. 25–26) for the given department.</summary>
    public DoctorEmrSearch BeginEmrSearch(string departmentId)
    {
        RequireStage(Stage.ReadingsReceived);
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        return new DoctorEmrSearch(_doctor, _credentials, _sink, PatientId, departmentId, _request.Scope, Profile);
    }

    /// <summary>Eq. 49: C_D5 = E_SEK1(M_DINF || Cert_D || T_D5).</summary>
    public DiagnosisMessage SendDiagnosis(string diagnosis)
    {
        RequireStage(Stage.ReadingsReceived);
        ArgumentException.ThrowIfNullOrWhiteSpace(diagnosis);
        var tD5 = _doctor.NewTimestamp();
        var content = new DiagnosisContent(diagnosis, _doctor.PresentedCertificate, tD5);
        var cD5 = _doctor.Crypto.SessionEncrypt(Phase.Diagnosis, _sek1!, content.Encode(), SignedContents.AssociatedData("C_D5", tD5), Profile);
        Diagnosis = diagnosis;
        State = Stage.Diagnosed;
        return new DiagnosisMessage(cD5, tD5);
    }

    /// <summary>
    /// Architecture step 4: the diagnosis, signed by PRK_D and encrypted for the hospital that holds the record,
    /// goes to the public cloud, which relays it (the paper says only "sends the diagnosis messages to the public cloud").
    /// A <paramref name="restricted"/> diagnosis carries the doctor's signed Label_S in C_D6.
    /// </summary>
    public DiagnosisFiling FileDiagnosis(DoctorEmrSearch search, bool restricted = false)
    {
        RequireStage(Stage.Diagnosed);
        var hospitalId = search.HospitalId ?? throw new ProtocolStateException("The EMR search has not found the patient's hospital.");
        var hospitalKey = _doctor.Trust.PublicKeyOf(Phase.Filing, _doctor.Trust.FindParty(Phase.Filing, hospitalId, PartyRole.HospitalCloud));
        var crypto = _doctor.Crypto;
        var tD6 = _doctor.NewTimestamp();
        var commitmentKey = RandomSource.GetBytes(SignedContents.CommitmentKeyLength);
        var commitment = SignedContents.DiagnosisCommitment(commitmentKey, Diagnosis!);
        var signature = crypto.Sign(Phase.Filing, _credentials.Key, SignedContents.Filing(PatientId, search.DepartmentId, commitment, _doctor.Id, tD6));
        var content = new FilingContent(PatientId, search.DepartmentId, Diagnosis!, commitmentKey, _doctor.Id, _doctor.PresentedCertificate, tD6, signature,
            restricted ? SignLabel(search.DepartmentId, tD6) : null);
        var plain = content.Encode();
        CryptographicOperations.ZeroMemory(commitmentKey);
        try
        {
            var associatedData = SignedContents.AssociatedData("C_D6", tD6);
            if (Profile != ProtocolProfile.Hardened)
            {
                return new DiagnosisFiling(hospitalId, crypto.EncryptFor(Phase.Filing, hospitalKey, plain, associatedData), tD6);
            }
            // The route is sealed to the public cloud, which relays the filing (ID_HPC in the clear would link the patient's visits).
            var cR = crypto.EncryptFor(Phase.Filing, _doctor.Bulletin.CloudKey, new FilingRouteContent(hospitalId, tD6).Encode(),
                SignedContents.AssociatedData("C_R", tD6), Profile);
            var cD6 = crypto.EncryptFor(Phase.Filing, hospitalKey, plain, FilingRouteContent.FilingAssociatedData(associatedData, hospitalId, cR), Profile);
            return new DiagnosisFiling(null, cD6, tD6) { SealedRoute = cR };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Label_S for the entry this filing creates (at T_D6, by ID_D), signed with PRK_D.</summary>
    private SignedSensitivityLabel SignLabel(string departmentId, long tD6)
    {
        var entry = new RecordEntry(DateTimeOffset.FromUnixTimeMilliseconds(tD6), _doctor.Id, Diagnosis!);
        var label = new SensitivityLabel(PatientId, departmentId, SensitivityLabel.DigestOf(PatientId, departmentId, entry), PartyRole.Doctor, _doctor.Id, tD6);
        return new SignedSensitivityLabel(label, _doctor.Crypto.Sign(Phase.Filing, _credentials.Key, label.Encode()));
    }

    private void RequireStage(Stage stage)
    {
        if (State != stage)
        {
            throw new ProtocolStateException($"The visit is {State}; this step needs it to be {stage}.");
        }
    }
}
