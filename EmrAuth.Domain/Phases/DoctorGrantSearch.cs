using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// The doctor's side of a search under a consent grant, outside any consultation: G1 to the public cloud, G2 back (the
/// record's hospital and the cloud's vouch for PUK_P), G3 to the hospital, G4 back (M_EMR encrypted to PUK_D). Shaped on
/// the EMR search (Eqs. 25–48) without its session key: the single record travels under the doctor's public key.
/// </summary>
/// <remarks>Not thread-safe: one session's steps run one at a time.</remarks>
public sealed class DoctorGrantSearch
{
    public enum Stage { AwaitingIndex, AwaitingRecord, Completed }

    private readonly Doctor _doctor;
    private readonly IssuedCredentials _credentials;
    private readonly IProtocolEventSink _sink;
    private PublicKey? _hospitalKey;
    private GrantAccessRequest? _request;

    internal DoctorGrantSearch(Doctor doctor, IssuedCredentials credentials, IProtocolEventSink sink, SignedGrant grant, string departmentId, PurposeOfUse purpose,
        ProtocolProfile profile)
    {
        _doctor = doctor;
        _credentials = credentials;
        _sink = sink;
        Grant = grant;
        DepartmentId = departmentId;
        Purpose = purpose;
        Profile = profile;
        var tG1 = doctor.NewTimestamp();
        var content = new GrantQueryContent(PatientId, doctor.Id, doctor.PresentedCertificate, departmentId, purpose, grant, tG1);
        var cG1 = doctor.Crypto.EncryptFor(Phase.Consent, doctor.Bulletin.CloudKey, content.Encode(), SignedContents.AssociatedData("C_G1", tG1), profile);
        var sigG1 = doctor.Crypto.Sign(Phase.Consent, credentials.Key, ConsentContents.GrantQuery(PatientId, doctor.Id, departmentId, purpose, grant, tG1, profile));
        Query = new GrantQuery(cG1, sigG1, tG1);
    }

    public ProtocolProfile Profile { get; }

    public Stage State { get; private set; } = Stage.AwaitingIndex;

    public SignedGrant Grant { get; }

    public string PatientId => Grant.Grant.PatientId;

    public string DepartmentId { get; }

    public PurposeOfUse Purpose { get; }

    /// <summary>(C_G1, Sig_G1, T_G1) for the public cloud.</summary>
    public GrantQuery Query { get; }

    /// <summary>ID_HPC, once the public cloud has answered.</summary>
    public string? HospitalId { get; private set; }

    /// <summary>M_EMR, once delivered.</summary>
    public string? MedicalRecord { get; private set; }

    /// <summary>G1–G4 in process, every message delivered unchanged; returns M_EMR. A refused check throws as the step does.</summary>
    public string Run(PublicCloud cloud, IReadOnlyDictionary<string, HospitalCloud> hospitals)
    {
        var request = ReceiveAnswer(cloud.AnswerGrantQuery(Query, _doctor.Ref, _sink, Profile));
        return ReceiveRecord(hospitals[HospitalId!].ReceiveGrantAccess(request, _doctor.Ref, _sink, Profile));
    }

    /// <summary>G2 at the doctor: ΔT, decrypt C_G2, Sig_G2 with PUK_C over this query, ID_HPC in the directory; then G3.</summary>
    public GrantAccessRequest ReceiveAnswer(GrantAnswer message)
    {
        RequireStage(Stage.AwaitingIndex);
        var crypto = _doctor.Crypto;
        using var step = new ReceiveStep(_doctor, _sink, Phase.Consent, 2, _doctor.CloudRef, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_D", (c, aad) => crypto.Decrypt(Phase.Consent, _credentials.Key, c, aad, Profile), GrantAnswerContent.Decode, c => c.TG2);
        step.Recovered("ID_HPC", content.HospitalId, Sensitivity.Public);
        step.Require(content.DepartmentId == DepartmentId, null, "ID_DE is the one asked for", "same department",
            $"C_G2 answers for {content.DepartmentId}, not {DepartmentId}");
        step.RequireSignature(crypto, _doctor.Bulletin.CloudKey, ConsentContents.GrantAnswer(content.HospitalId, content.DepartmentId, Query.Digest(), content.TG2, Profile),
            message.Signature, null, "Verify Sig_G2 with PUK_C", "Sig_G2 is the public cloud's answer to this very query", "Sig_G2 does not verify with PUK_C over this query");
        var hospital = _doctor.Trust.TryFindParty(Phase.Consent, content.HospitalId, PartyRole.HospitalCloud);
        step.Require(hospital is not null, null, "ID_HPC in the signed directory", $"{content.HospitalId} is registered",
            $"hospital {content.HospitalId} is not in the public cloud's directory");
        _hospitalKey = _doctor.Trust.PublicKeyOf(Phase.Consent, hospital!);
        step.Accept();

        HospitalId = content.HospitalId;
        var tG3 = _doctor.NewTimestamp();
        var access = new GrantAccessContent(_doctor.PresentedCertificate, _doctor.Id, _credentials.R, PatientId, DepartmentId, Purpose, Grant, content.Vouch, tG3);
        var cG3 = crypto.EncryptFor(Phase.Consent, _hospitalKey, access.Encode(), SignedContents.AssociatedData("C_G3", tG3), Profile);
        var sigG3 = crypto.Sign(Phase.Consent, _credentials.Key,
            ConsentContents.GrantAccess(content.HospitalId, PatientId, _doctor.Id, DepartmentId, Purpose, Grant, tG3, Profile));
        _request = new GrantAccessRequest(cG3, sigG3, tG3);
        State = Stage.AwaitingRecord;
        return _request;
    }

    /// <summary>G4 at the doctor: ΔT, decrypt C_G4 with PRK_D, Sig_G4 with PUK_HPC over this request → M_EMR.</summary>
    public string ReceiveRecord(GrantRecordDelivery message)
    {
        RequireStage(Stage.AwaitingRecord);
        var crypto = _doctor.Crypto;
        using var step = new ReceiveStep(_doctor, _sink, Phase.Consent, 4, new PartyRef(PartyRole.HospitalCloud, HospitalId!), message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_D", (c, aad) => crypto.Decrypt(Phase.Consent, _credentials.Key, c, aad, Profile), GrantRecordContent.Decode, c => c.TG4);
        step.Require(content.HospitalId == HospitalId && content.PatientId == PatientId && content.DepartmentId == DepartmentId, null, "The record asked for",
            "same hospital, patient and department", "C_G4 carries another hospital's, patient's or department's record");
        step.RequireSignature(crypto, _hospitalKey!, ConsentContents.GrantRecord(content.HospitalId, _doctor.Id, _request!.Digest(), message.Ciphertext, content.TG4, Profile),
            message.Signature, null, "Verify Sig_G4 with PUK_HPC", "Sig_G4 is the hospital's answer to this very request", "Sig_G4 does not verify with PUK_HPC over this request");
        step.Recovered("M_EMR", content.MedicalRecord);
        step.Accept($"Search under the grant completed: the {DepartmentId} record came from {HospitalId}.");
        MedicalRecord = content.MedicalRecord;
        State = Stage.Completed;
        return content.MedicalRecord;
    }

    private void RequireStage(Stage stage)
    {
        if (State != stage)
        {
            throw new ProtocolStateException($"The search under the grant is {State}; this step needs it to be {stage}.");
        }
    }
}
