using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// The doctor's side of the EMR search: Eqs. 25–26, 31–35, 42–45, 48. In the hardened profile Sig_D2 and Sig_C name
/// PUK_D instead of S_D, R_D3 is an ephemeral ECDH key, and C_HPC1 carries Tag_HPC1 instead of SEK_2.
/// </summary>
/// <remarks>Not thread-safe: one session's steps run one at a time (its party's shared state is thread-safe; see Party).</remarks>
public sealed class DoctorEmrSearch
{
    public enum Stage { AwaitingIndex, AwaitingHospital, AwaitingRecord, Completed }

    private readonly Doctor _doctor;
    private readonly IssuedCredentials _credentials;
    private readonly IProtocolEventSink _sink;
    private Scalar? _r7;
    private EphemeralKey? _ephemeral;
    private CurvePoint? _rD3;
    private CurvePoint? _hospitalR;
    private long _tD3;
    private PublicKey? _hospitalKey;
    private SessionKey? _sek2;

    internal DoctorEmrSearch(Doctor doctor, IssuedCredentials credentials, IProtocolEventSink sink, string patientId, string departmentId, SignedScope scope,
        ProtocolProfile profile)
    {
        Profile = profile;
        _doctor = doctor;
        _credentials = credentials;
        _sink = sink;
        PatientId = patientId;
        DepartmentId = departmentId;
        var crypto = doctor.Crypto;
        var tD2 = doctor.NewTimestamp();
        var content = new IndexQueryContent(patientId, tD2, doctor.Id, doctor.PresentedCertificate, departmentId, scope);
        var cD2 = crypto.EncryptFor(Phase.EmrSearch, doctor.Bulletin.CloudKey, content.Encode(), SignedContents.AssociatedData("C_D2", tD2), profile);
        var signed = profile == ProtocolProfile.Hardened
            ? HardenedContents.IndexQuery(credentials.PublicKey.Point, tD2, patientId, departmentId, doctor.Id)
            : SignedContents.IndexQuery(credentials.S, tD2, patientId, departmentId, doctor.Id);
        var sigD2 = crypto.Sign(Phase.EmrSearch, credentials.Key, signed);
        Query = new IndexQuery(cD2, sigD2, tD2);
    }

    private DoctorEmrSearch(Doctor doctor, IProtocolEventSink sink, ProtocolProfile profile, FieldReader state)
    {
        (_doctor, _credentials, _sink, Profile) = (doctor, doctor.RequireCredentials(), sink, profile);
        PatientId = state.ReadString();
        DepartmentId = state.ReadString();
        var (c, sig, t) = state.ReadSigned();
        Query = new IndexQuery(c, sig, t);
        HospitalId = state.ReadOptionalString();
        _hospitalR = state.ReadOptionalPoint();
        _hospitalKey = state.ReadOptionalPoint() is { } hospitalKey ? PublicKey.For(hospitalKey) : null;
        _rD3 = state.ReadOptionalPoint();
        _tD3 = state.ReadInt64();
        (_r7, _ephemeral) = state.ReadNonce(profile, _rD3);
        _sek2 = state.ReadSessionKey();
        MedicalRecord = state.ReadOptionalString();
    }

    /// <summary>
    /// This search's state between two steps, for sealed storage only: it holds r7 (or R_D3's ephemeral key while it lives)
    /// and SEK_2, not the doctor's long-term keys. The caller seals it and zeroes the array.
    /// </summary>
    public byte[] ExportStateWithSecretsForSealedStorage() => SessionState.Begin(nameof(DoctorEmrSearch), _doctor, Profile, State.ToString())
        .Add(PatientId).Add(DepartmentId).Add(Query).AddOptional(HospitalId).AddOptional(_hospitalR).AddOptional(_hospitalKey?.Point).AddOptional(_rD3).Add(_tD3)
        .AddNonce(_r7, _ephemeral).AddSecret(_sek2).AddOptional(MedicalRecord).ToArray();

    /// <summary>Restores what <see cref="ExportStateWithSecretsForSealedStorage"/> wrote, re-attached to <paramref name="doctor"/>.</summary>
    /// <exception cref="SessionStateException">The state is of another version, kind or doctor, truncated or corrupted.</exception>
    public static DoctorEmrSearch RestoreFromSealedStorage(Doctor doctor, byte[] state, IProtocolEventSink sink) =>
        SessionState.Restore(state, nameof(DoctorEmrSearch), doctor, (reader, profile, stage) =>
        {
            var search = new DoctorEmrSearch(doctor, sink, profile, reader) { State = SessionState.ParseEnum<Stage>(stage) };
            var asked = search.State != Stage.AwaitingIndex;
            if (asked != (search.HospitalId is not null && search._hospitalKey is not null && search._hospitalR is not null && search._rD3 is not null))
            {
                throw new MalformedMessageException($"an EMR search {search.State} without the hospital it asked");
            }
            return SessionState.RequireKeyMatchesStage(search, search.State is Stage.AwaitingRecord or Stage.Completed, search._sek2, stage, "SEK_2");
        });

    public ProtocolProfile Profile { get; }

    public Stage State { get; private set; } = Stage.AwaitingIndex;

    /// <summary>Hardened profile: true once the ephemeral key behind R_D3 has been erased (after SEK_2 was confirmed).</summary>
    public bool EphemeralErased => _ephemeral?.IsErased ?? false;

    public string PatientId { get; }

    public string DepartmentId { get; }

    /// <summary>(C_D2, Sig_D2, T_D2) for the public cloud.</summary>
    public IndexQuery Query { get; }

    /// <summary>ID_HPC, once the public cloud has answered.</summary>
    public string? HospitalId { get; private set; }

    /// <summary>M_EMR, once delivered.</summary>
    public string? MedicalRecord { get; private set; }

    internal SessionKey? SessionKey => _sek2;

    private PartyRef CloudRef => _doctor.CloudRef;

    private PartyRef HospitalRef => new(PartyRole.HospitalCloud, HospitalId ?? "?");

    /// <summary>Step 2: ΔT, Eq. 31 (decrypt C_C), Eq. 32 (Sig_C with PUK_C); then Eqs. 33–35 toward the hospital.</summary>
    public HospitalAccessRequest ReceiveIndexAnswer(IndexAnswer message)
    {
        RequireStage(Stage.AwaitingIndex);
        var crypto = _doctor.Crypto;
        using var step = new ReceiveStep(_doctor, _sink, Phase.EmrSearch, 2, CloudRef, message);
        step.RequireFresh();
        var content = step.Decrypt(31, "PRK_D", (c, aad) => crypto.Decrypt(Phase.EmrSearch, _credentials.Key, c, aad, Profile), IndexAnswerContent.Decode, c => c.TC);
        step.Recovered("ID_HPC", content.HospitalId, Sensitivity.Public);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        step.Require(content.DepartmentId == DepartmentId, 31, "ID_DE is the one asked for", "same department", $"C_C answers for {content.DepartmentId}, not {DepartmentId}");
        var signedAnswer = Profile == ProtocolProfile.Hardened
            ? HardenedContents.IndexAnswer(content.DepartmentId, _credentials.PublicKey.Point, content.HospitalId, content.TC, Query.Digest())
            : SignedContents.IndexAnswer(content.DepartmentId, _credentials.S, content.HospitalId, content.TC);
        step.RequireSignature(crypto, _doctor.Bulletin.CloudKey, signedAnswer, message.Signature, 32, "Verify Sig_C with PUK_C",
            Profile == ProtocolProfile.Hardened ? "Sig_C is the public cloud's answer to this very query, for PUK_D" : "Sig_C is the public cloud's signature over this doctor's S_D",
            "Sig_C does not verify with PUK_C");
        var hospital = _doctor.Trust.TryFindParty(Phase.EmrSearch, content.HospitalId, PartyRole.HospitalCloud);
        step.Require(hospital is not null, 34, "ID_HPC in the signed directory", $"{content.HospitalId} is registered",
            $"hospital {content.HospitalId} is not in the public cloud's directory");
        var hospitalKey = _doctor.Trust.PublicKeyOf(Phase.EmrSearch, hospital!);
        step.Accept();

        var (r7, ephemeral, rD3) = crypto.NewSessionNonce(Phase.EmrSearch, Profile);
        var tD3 = _doctor.NewTimestamp();
        // Eq. 34 carries ID_P as well: the hospital needs it to check Sig_D3 in Eq. 37 (docs/protocol.md#d-eq37-idp).
        var request = new HospitalAccessContent(_doctor.PresentedCertificate, tD3, _doctor.Id, rD3, _credentials.R, PatientId, content.Scope);
        var cD3 = crypto.EncryptFor(Phase.EmrSearch, hospitalKey, request.Encode(), SignedContents.AssociatedData("C_D3", tD3), Profile);
        var sigD3 = crypto.Sign(Phase.EmrSearch, _credentials.Key,
            SignedContents.HospitalAccessRequest(_doctor.Bulletin.MasterPublicKey, tD3, PatientId, rD3, _credentials.R, Profile));
        HospitalId = content.HospitalId;
        _hospitalKey = hospitalKey;
        _r7 = r7;
        _ephemeral = ephemeral;
        _rD3 = rD3;
        _hospitalR = hospital!.R;
        _tD3 = tD3;
        State = Stage.AwaitingHospital;
        return new HospitalAccessRequest(cD3, sigD3, tD3);
    }

    /// <summary>Step 4: ΔT, Eq. 42 (decrypt), Eq. 43 (Sig_HPC1 with PUK_HPC), Eq. 44 (SEK_2); then Eq. 45.</summary>
    public RecordRequest ReceiveHospitalResponse(HospitalAccessResponse message)
    {
        RequireStage(Stage.AwaitingHospital);
        var sek2 = Profile == ProtocolProfile.Hardened ? ReceiveConfirmedResponse(message) : ReceivePaperResponse(message);
        _sek2 = sek2;
        State = Stage.AwaitingRecord;
        var tD4 = _doctor.NewTimestamp();
        var request = new RecordRequestContent(PatientId, _doctor.Id, tD4, _doctor.PresentedCertificate, DepartmentId);
        return new RecordRequest(_doctor.Crypto.SessionEncrypt(Phase.EmrSearch, sek2, request.Encode(), SignedContents.AssociatedData("C_D4", tD4), Profile), tD4);
    }

    private SessionKey ReceivePaperResponse(HospitalAccessResponse message)
    {
        var crypto = _doctor.Crypto;
        using var step = new ReceiveStep(_doctor, _sink, Phase.EmrSearch, 4, HospitalRef, message);
        step.RequireFresh();
        var content = step.Decrypt(42, "PRK_D", (c, aad) => crypto.Decrypt(Phase.EmrSearch, _credentials.Key, c, aad, Profile), HospitalAccessResponseContent.Decode, c => c.THPC1);
        step.Recovered("ID_HPC", content.HospitalId, Sensitivity.Public);
        step.RecoveredSecret("SEK_2", KeyDerivation.SessionKeyLength);
        step.Require(content.HospitalId == HospitalId, 42, "ID_HPC is the hospital asked", "same hospital", $"C_HPC1 comes from {content.HospitalId}, not {HospitalId}");
        // Eq. 43 as printed "verifies" with S_PRK_HPC; verification uses the public key (docs/protocol.md#d-eq43-verify).
        step.RequireSignature(crypto, _hospitalKey!, SignedContents.HospitalAccessResponse(_doctor.Bulletin.MasterPublicKey, content.THPC1, content.HospitalId), message.Signature,
            43, "Verify Sig_HPC1 with PUK_HPC (corrected)", "Sig_HPC1 is the hospital's signature", "Sig_HPC1 does not verify with PUK_HPC");
        // Eq. 44 uses R_HPC1, which the doctor never received; it comes from the signed directory inside PUK_HPC (docs/protocol.md#d-eq44-rhpc1).
        var expected = crypto.SessionKey(Phase.EmrSearch, _credentials.S, _r7!, content.RHPC2, _hospitalKey!.Point);
        step.Require(expected.SameAs(content.SessionKey), 44, "SEK_2 = h(S_D·R_HPC2 + r7·PUK_HPC || r7·R_HPC2)",
            "both sides derived the same SEK_2", "the SEK_2 the hospital sent differs from the one the doctor derives");
        step.Accept();
        return expected;
    }

    /// <summary>
    /// Hardened step 4: ΔT, Eq. 42 (decrypt), Eq. 43 (Sig_HPC1 over R_D3, R_HPC2 and Tag_HPC1), then in place of Eq. 44:
    /// SEK_2 = HKDF(ECDH(R_D3's ephemeral key, R_HPC2), salt = h(transcript)) and Tag_HPC1 checked in constant time.
    /// The ephemeral key is erased once the response is accepted.
    /// </summary>
    private SessionKey ReceiveConfirmedResponse(HospitalAccessResponse message)
    {
        var crypto = _doctor.Crypto;
        var pk = _doctor.Bulletin.MasterPublicKey;
        using var step = new ReceiveStep(_doctor, _sink, Phase.EmrSearch, 4, HospitalRef, message);
        step.RequireFresh();
        var content = step.Decrypt(42, "PRK_D", (c, aad) => crypto.Decrypt(Phase.EmrSearch, _credentials.Key, c, aad, Profile), ConfirmedAccessResponseContent.Decode, c => c.THPC1);
        step.Recovered("ID_HPC", content.HospitalId, Sensitivity.Public);
        step.Recovered("Tag_HPC1", Convert.ToHexString(content.Tag), Sensitivity.Public);
        step.Require(content.HospitalId == HospitalId, 42, "ID_HPC is the hospital asked", "same hospital", $"C_HPC1 comes from {content.HospitalId}, not {HospitalId}");
        step.RequireSignature(crypto, _hospitalKey!, HardenedContents.HospitalAccessResponse(pk, content.THPC1, content.HospitalId, _rD3!, content.RHPC2, content.Tag), message.Signature,
            43, "Verify Sig_HPC1 with PUK_HPC (hardened: covers R_D3, R_HPC2, Tag_HPC1)", "Sig_HPC1 is the hospital's signature over this session's ephemeral keys",
            "Sig_HPC1 does not verify with PUK_HPC over this session's R_D3, R_HPC2 and Tag_HPC1");
        var transcript = HardenedContents.EmrSearchTranscript(_doctor.Id, _doctor.PresentedCertificate, _credentials.R, PatientId, _rD3!, _tD3,
            content.HospitalId, _hospitalR!, content.RHPC2, content.THPC1, pk);
        var sek2 = step.ConfirmKey(crypto, _ephemeral!, content.RHPC2, transcript, content.Tag, 44, KeyConfirmationCheck.EmrSearch, "SEK_2", "Tag_HPC1", "hospital");
        step.Accept();
        _ephemeral!.Dispose();
        return sek2;
    }

    /// <summary>Step 6: ΔT, Eq. 48 (decrypt C_HPC2 with SEK_2) → M_EMR.</summary>
    public string ReceiveRecord(RecordDelivery message)
    {
        RequireStage(Stage.AwaitingRecord);
        using var step = new ReceiveStep(_doctor, _sink, Phase.EmrSearch, 6, HospitalRef, message);
        step.RequireFresh();
        var content = step.Decrypt(48, "SEK_2", (c, aad) => _doctor.Crypto.SessionDecrypt(Phase.EmrSearch, _sek2!, c, aad, Profile), RecordDeliveryContent.Decode, c => c.THPC2);
        step.Recovered("M_EMR", content.MedicalRecord);
        step.Accept($"EMR search completed: the record came from {HospitalId}.");
        MedicalRecord = content.MedicalRecord;
        State = Stage.Completed;
        return content.MedicalRecord;
    }

    private void RequireStage(Stage stage)
    {
        if (State != stage)
        {
            throw new ProtocolStateException($"The EMR search is {State}; this step needs it to be {stage}.");
        }
    }
}
