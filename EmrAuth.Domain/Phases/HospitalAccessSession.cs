using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// The hospital cloud's side of one EMR search: Eqs. 36–41, 46–47. In the hardened profile R_HPC2 is an ephemeral
/// ECDH key erased before C_HPC1 leaves, and C_HPC1 carries Tag_HPC1 instead of SEK_2.
/// </summary>
/// <remarks>Not thread-safe: one session's steps run one at a time (its party's shared state is thread-safe; see Party).</remarks>
public sealed class HospitalAccessSession
{
    private readonly HospitalCloud _hospital;
    private readonly IProtocolEventSink _sink;
    private readonly HospitalAccessContent _request;
    private readonly SessionKey _sek2;
    private readonly ProtocolProfile _profile;

    private HospitalAccessSession(HospitalCloud hospital, IProtocolEventSink sink, HospitalAccessContent request, PartyRef doctor,
        SessionKey sek2, HospitalAccessResponse response, ProtocolProfile profile)
    {
        _profile = profile;
        _hospital = hospital;
        _sink = sink;
        _request = request;
        Doctor = doctor;
        _sek2 = sek2;
        Response = response;
    }

    public PartyRef Doctor { get; }

    public string PatientId => _request.PatientId;

    /// <summary>(C_HPC1, Sig_HPC1, T_HPC1) for the doctor.</summary>
    public HospitalAccessResponse Response { get; }

    public bool Completed { get; private set; }

    internal SessionKey SessionKey => _sek2;

    internal static HospitalAccessSession Open(HospitalCloud hospital, IssuedCredentials credentials, HospitalAccessRequest message, PartyRef sender, IProtocolEventSink sink,
        ProtocolProfile profile)
    {
        var crypto = hospital.Crypto;
        var pk = hospital.Bulletin.MasterPublicKey;
        HospitalAccessContent content;
        PublicKey doctorKey;
        using (var step = new ReceiveStep(hospital, sink, Phase.EmrSearch, 3, sender, message))
        {
            step.RequireFresh();
            content = step.Decrypt(36, "PRK_HPC", (c, aad) => crypto.Decrypt(Phase.EmrSearch, credentials.Key, c, aad, profile), HospitalAccessContent.Decode, c => c.TD3);
            step.Recovered("ID_D", content.DoctorId, Sensitivity.Public);
            step.Recovered("ID_P", content.PatientId);
            step.Recovered("Cert_D", content.Certificate.ToString(), Sensitivity.Public);
            var status = hospital.Trust.CheckCertificate(Phase.EmrSearch, content.Certificate, content.DoctorId, hospital.Now);
            step.Require(status.IsLegal, 36, "Cert_D legal", status.Reason, status.Reason);
            doctorKey = hospital.Trust.PublicKeyOf(Phase.EmrSearch, content.DoctorId, content.Certificate.Encode(), content.RD1);
            step.RequireSignature(crypto, doctorKey, SignedContents.HospitalAccessRequest(pk, content.TD3, content.PatientId, content.RD3, content.RD1, profile), message.Signature,
                37, "Verify Sig_D3 with PUK_D", "Sig_D3 verifies with PUK_D = R_D1 + Hq(ID_D || Cert_D || R_D1)·PK", "Sig_D3 does not verify with PUK_D");
            CheckForwardedScope(hospital, step, content);
            step.Accept();
        }
        var doctor = new PartyRef(PartyRole.Doctor, content.DoctorId);
        if (profile == ProtocolProfile.Hardened)
        {
            var (sek, confirmed) = Confirm(hospital, credentials, content, doctorKey);
            return new HospitalAccessSession(hospital, sink, content, doctor, sek, confirmed, profile);
        }
        var r8 = Scalar.Random();
        var rHpc2 = crypto.MultiplyGenerator(Phase.EmrSearch, r8);
        // Eq. 39 with the doctor's key reconstructed from ID_D, Cert_D and R_D1, exactly as Eq. 9 issued it.
        var sek2 = crypto.SessionKey(Phase.EmrSearch, credentials.S, r8, content.RD3, doctorKey.Point);
        var tHpc1 = hospital.NewTimestamp();
        var response = new HospitalAccessResponseContent(hospital.Id, sek2, tHpc1, rHpc2);
        var cHpc1 = crypto.EncryptFor(Phase.EmrSearch, doctorKey, response.Encode(), SignedContents.AssociatedData("C_HPC1", tHpc1), ProtocolProfile.Paper);
        var sigHpc1 = crypto.Sign(Phase.EmrSearch, credentials.Key, SignedContents.HospitalAccessResponse(pk, tHpc1, hospital.Id));
        return new HospitalAccessSession(hospital, sink, content, doctor, sek2, new HospitalAccessResponse(cHpc1, sigHpc1, tHpc1), profile);
    }

    /// <summary>
    /// Finding 2 of issue 11: the hospital checks the patient's Scope_P itself. Sig_CS tells it which PUK_P the public
    /// cloud issued to ID_P (a key pinned by the patient's admission agreement must match it); Sig_PS must verify under
    /// that key, so a public cloud or doctor that widened Scope_P is refused here. ID_DE is tested at Eq. 46.
    /// </summary>
    private static void CheckForwardedScope(HospitalCloud hospital, ReceiveStep step, HospitalAccessContent content)
    {
        var forwarded = content.Scope;
        var scope = forwarded.Scope.Scope;
        step.Recovered("Scope_P", scope.ToString(), Sensitivity.Public);
        step.RequireSignature(hospital.Crypto, hospital.Bulletin.CloudKey, ForwardedScope.Vouched(hospital.Id, forwarded.PatientKey, scope, forwarded.TC),
            forwarded.CloudSignature, 37, "Verify Sig_CS with PUK_C", "the public cloud vouches that PUK_P is this patient's key",
            "Sig_CS does not verify with PUK_C for this hospital, patient and scope", hospital.CloudRef);
        step.Require(scope.PatientId == content.PatientId && scope.DoctorId == content.DoctorId, 37, SearchScope.Check,
            "Scope_P names this patient and this doctor", "Scope_P names another patient or doctor than C_D3");
        step.RequireSignature(hospital.Crypto, PublicKey.For(forwarded.PatientKey), scope.Encode(), forwarded.Scope.Signature, 37, SearchScope.Check,
            "Sig_PS verifies with PUK_P: the patient chose this scope", "Sig_PS does not verify with PUK_P: the scope is not the one the patient signed",
            new PartyRef(PartyRole.Patient, scope.PatientId));
    }

    /// <summary>
    /// Hardened Eqs. 38–41: a fresh ephemeral key gives R_HPC2; SEK_2 = HKDF(ECDH(it, R_D3), salt = h(transcript)), and the
    /// ephemeral key is erased before C_HPC1 = E_PUK_D(ID_HPC || Tag_HPC1 || T_HPC1 || R_HPC2) leaves. Sig_HPC1 covers
    /// R_D3 || R_HPC2 || Tag_HPC1, so it belongs to this session only.
    /// </summary>
    private static (SessionKey, HospitalAccessResponse) Confirm(HospitalCloud hospital, IssuedCredentials credentials, HospitalAccessContent request, PublicKey doctorKey)
    {
        var crypto = hospital.Crypto;
        var pk = hospital.Bulletin.MasterPublicKey;
        var tHpc1 = hospital.NewTimestamp();
        var (rHpc2, sek2, tag) = crypto.ConfirmedResponse(Phase.EmrSearch, request.RD3, rHpc2 => HardenedContents.EmrSearchTranscript(
            request.DoctorId, request.Certificate, request.RD1, request.PatientId, request.RD3, request.TD3, hospital.Id, credentials.R, rHpc2, tHpc1, pk),
            "SEK_2", "Tag_HPC1");
        var content = new ConfirmedAccessResponseContent(hospital.Id, tag, tHpc1, rHpc2);
        var cHpc1 = crypto.EncryptFor(Phase.EmrSearch, doctorKey, content.Encode(), SignedContents.AssociatedData("C_HPC1", tHpc1), ProtocolProfile.Hardened);
        var sigHpc1 = crypto.Sign(Phase.EmrSearch, credentials.Key, HardenedContents.HospitalAccessResponse(pk, tHpc1, hospital.Id, request.RD3, rHpc2, tag));
        return (sek2, new HospitalAccessResponse(cHpc1, sigHpc1, tHpc1));
    }

    /// <summary>
    /// Step 5: ΔT, Eq. 46 (decrypt C_D4 with SEK_2, Cert_D legal); Eq. 47 returns M_EMR through the release filter:
    /// restricted entries only when the patient's signed Scope_P names restricted data.
    /// </summary>
    public RecordDelivery ReceiveRecordRequest(RecordRequest message)
    {
        if (Completed)
        {
            throw new ProtocolStateException("This EMR search already delivered its record.");
        }
        var crypto = _hospital.Crypto;
        MedicalRecord? record;
        ReleasedRecord released;
        using (var step = new ReceiveStep(_hospital, _sink, Phase.EmrSearch, 5, Doctor, message))
        {
            step.RequireFresh();
            var content = step.Decrypt(46, "SEK_2", (c, aad) => crypto.SessionDecrypt(Phase.EmrSearch, _sek2, c, aad, _profile), RecordRequestContent.Decode, c => c.TD4);
            step.Recovered("ID_P", content.PatientId);
            step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
            step.Require(content.PatientId == PatientId && content.DoctorId == Doctor.Id, 46, "ID_P and ID_D as in C_D3",
                "same patient and doctor", "C_D4 names another patient or doctor than C_D3");
            var status = _hospital.Trust.CheckCertificate(Phase.EmrSearch, content.Certificate, content.DoctorId, _hospital.Now);
            step.Require(status.IsLegal, 46, "Cert_D legal", status.Reason, status.Reason);
            var scope = _request.Scope.Scope.Scope;
            step.Require(scope.Allows(content.DepartmentId), 46, SearchScope.Check, $"the patient allowed {content.DepartmentId}",
                $"the patient allowed this visit to search {scope} only, not {content.DepartmentId}");
            record = _hospital.FindRecord(content.PatientId, content.DepartmentId);
            step.Require(record is not null, 47, "Record held here", "the record exists",
                $"{_hospital.Id} holds no record of this patient in department {content.DepartmentId}");
            released = record!.Release(scope.IncludesRestricted);
            if (scope.IncludesRestricted || released.Withheld > 0)
            {
                // Recorded only when labels are in play, so a visit without them keeps its transcript (and known-answer vectors).
                step.Require(true, 47, SensitivityLabel.ReleaseCheck, SensitivityLabel.DescribeRelease(released, "Scope_P"), "");
            }
            step.Accept();
        }
        var tHpc2 = _hospital.NewTimestamp();
        var delivery = new RecordDeliveryContent(released.Render(), tHpc2);
        Completed = true;
        return new RecordDelivery(crypto.SessionEncrypt(Phase.EmrSearch, _sek2, delivery.Encode(), SignedContents.AssociatedData("C_HPC2", tHpc2), _profile), tHpc2);
    }
}
