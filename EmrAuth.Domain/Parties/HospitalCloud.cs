using System.Collections.Concurrent;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>HPC: a hospital's private cloud. Holds its EMRs and, once registered, (R_HPC1, S_HPC).</summary>
/// <remarks>
/// Thread-safe: records are replaced whole (a <see cref="MedicalRecord"/> is immutable), so access sessions and filings
/// of different visits run at once. Two filings into the same record at once both land, in either order.
/// </remarks>
public sealed partial class HospitalCloud(string id, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options)
    : Participant(PartyRole.HospitalCloud, id, bulletin, clock, options)
{
    private readonly ConcurrentDictionary<(string Patient, string Department), MedicalRecord> _records = new();

    protected override byte[]? IssuanceExtra => null;

    public IReadOnlyCollection<MedicalRecord> Records => _records.Values.ToArray();

    public MedicalRecord? FindRecord(string patientId, string departmentId) => _records.GetValueOrDefault((patientId, departmentId));

    private readonly ConcurrentDictionary<(string Patient, string Department), ArchivedRecord> _archive = new();

    /// <summary>Records migrated away: kept for the retention period the law imposes, never served.</summary>
    public IReadOnlyCollection<ArchivedRecord> Archive => _archive.Values.ToArray();

    public ArchivedRecord? FindArchivedRecord(string patientId, string departmentId) => _archive.GetValueOrDefault((patientId, departmentId));

    /// <summary>
    /// Stops serving a record that migrated to another hospital: it leaves the served records and is kept,
    /// marked migrated, in the archive. Returns false (and changes nothing) when the record is not held.
    /// </summary>
    public bool ArchiveMigratedRecord(string patientId, string departmentId, string destinationId, DateTimeOffset at)
    {
        if (!_records.TryRemove((patientId, departmentId), out var record))
        {
            return false;
        }
        _archive[(patientId, departmentId)] = new ArchivedRecord(record, destinationId, at);
        return true;
    }

    /// <summary>Reloads an archived (migrated-away) record from the hospital's storage after a restart.</summary>
    public void RestoreArchivedRecord(ArchivedRecord archived) => _archive[(archived.Record.PatientId, archived.Record.DepartmentId)] = archived;

    /// <summary>Hospital registration step 1: (ID_HPC) over the secure channel.</summary>
    public override RegistrationRequest RequestRegistration() => new(PartyRole.HospitalCloud, Id, null, null, NewTimestamp());

    /// <summary>
    /// Creates a patient's record in a department and returns the signed index registration for the public
    /// cloud; an existing record is kept and only re-announced.
    /// </summary>
    public IndexRegistration StoreRecord(string patientId, string departmentId, RecordEntry firstEntry)
    {
        var credentials = RequireCredentials();
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        _records.GetOrAdd((patientId, departmentId), _ => new MedicalRecord(patientId, departmentId, [firstEntry]));
        var indexKey = EmrIndex.KeyOf(patientId, departmentId);
        var sentAt = NewTimestamp();
        var signature = Crypto.Sign(Phase.Indexing, credentials.Key, SignedContents.IndexRegistration(Id, indexKey, sentAt));
        return new IndexRegistration(Id, indexKey, signature, sentAt);
    }

    /// <summary>
    /// Issue 11, finding 3: whether <paramref name="admission"/> lets this hospital keep a record of <paramref name="patientId"/>:
    /// Admission_P names this patient and this hospital, and Sig_PA verifies with its PUK_P, which must be the key the
    /// public cloud issued to the patient (<paramref name="registeredKey"/>, null for an unknown patient). Returns the
    /// failure, or null.
    /// </summary>
    public string? CheckAdmission(SignedAdmission? admission, string patientId, CurvePoint? registeredKey)
    {
        if (admission is null || registeredKey is null)
        {
            return "no admission agreement";
        }
        var agreement = admission.Agreement;
        if (agreement.PatientId != patientId || agreement.HospitalId != Id)
        {
            return "the agreement names another patient or hospital";
        }
        if (!admission.PatientKey.SameAs(registeredKey))
        {
            return "the agreement carries another key than the patient's PUK_P";
        }
        return Crypto.Verify(Phase.Indexing, PublicKey.For(admission.PatientKey), agreement.Encode(), admission.Signature)
            ? null
            : "Sig_PA does not verify with PUK_P";
    }

    /// <summary>Takes back a record whose index registration the public cloud refused, so nothing half-made remains.</summary>
    public void DiscardRecord(string patientId, string departmentId) => _records.TryRemove((patientId, departmentId), out _);

    /// <summary>Reloads a record from the hospital's storage after a restart.</summary>
    public void RestoreRecord(MedicalRecord record) => _records[(record.PatientId, record.DepartmentId)] = record;

    public MedicalRecord AppendEntry(string patientId, string departmentId, RecordEntry entry) =>
        _records.AddOrUpdate((patientId, departmentId),
            _ => throw new ProtocolStateException($"{Id} holds no record of this patient in {departmentId}."),
            (_, record) => record.Append(entry));

    /// <summary>EMR search step 3: ΔT, Eq. 36 (decrypt C_D3, Cert_D legal), Eq. 37 (Sig_D3); Eqs. 38–41, in the visit's profile.</summary>
    public HospitalAccessSession ReceiveAccessRequest(HospitalAccessRequest message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null) =>
        HospitalAccessSession.Open(this, RequireCredentials(), message, sender, sink, profile ?? Options.Profile);

    /// <summary>Architecture step 4 at the hospital: verify the filed diagnosis and add it to the record.</summary>
    /// <remarks>
    /// In the hardened profile the hospital cannot read the sealed route C_R; C_D6's associated data names this
    /// hospital and C_R, so a filing meant for another hospital, or with another route, does not decrypt here.
    /// </remarks>
    public void ReceiveFiling(DiagnosisFiling message, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        var credentials = RequireCredentials();
        using var step = new ReceiveStep(this, sink, Phase.Filing, 2, CloudRef, message);
        step.RequireFresh();
        if (visitProfile == ProtocolProfile.Hardened)
        {
            step.Require(message.SealedRoute is not null, null, "Route sealed (hardened profile)", "C_R present", "the filing names its hospital in the clear");
        }
        else
        {
            step.Require(message.HospitalId == Id && message.SealedRoute is null, null, "Addressed to this hospital", "ID_HPC matches",
                $"the filing is addressed to {message.HospitalId ?? "a sealed route"}");
        }
        var content = step.Decrypt(null, "PRK_HPC", (c, aad) => Crypto.Decrypt(Phase.Filing, credentials.Key, c,
                visitProfile == ProtocolProfile.Hardened ? FilingRouteContent.FilingAssociatedData(aad, Id, message.SealedRoute!) : aad, visitProfile),
            FilingContent.Decode, c => c.TD6, "C_D6");
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("M_DINF", content.Diagnosis);
        var status = Trust.CheckCertificate(Phase.Filing, content.Certificate, content.DoctorId, Now);
        step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, status.Reason);
        var doctor = Trust.PublicKeyOf(Phase.Filing, Trust.FindParty(Phase.Filing, content.DoctorId, PartyRole.Doctor));
        step.Require(content.CommitmentKey.Length == SignedContents.CommitmentKeyLength, null, "Commitment key", "k is 256 bits",
            $"the commitment key is {content.CommitmentKey.Length} bytes, not {SignedContents.CommitmentKeyLength}");
        var commitment = SignedContents.DiagnosisCommitment(content.CommitmentKey, content.Diagnosis);
        // The public cloud relays C_D6: the signer is the doctor, not the sender.
        step.RequireSignature(Crypto, doctor, SignedContents.Filing(content.PatientId, content.DepartmentId, commitment, content.DoctorId, content.TD6), content.Signature,
            null, "Verify Sig_D6 with PUK_D", "the diagnosis is signed by the doctor", "Sig_D6 does not verify with PUK_D", new PartyRef(PartyRole.Doctor, content.DoctorId));
        step.Require(FindRecord(content.PatientId, content.DepartmentId) is not null, null, "Record exists",
            "the record is held here", $"no record of this patient in {content.DepartmentId} at {Id}");
        var entry = new RecordEntry(DateTimeOffset.FromUnixTimeMilliseconds(content.TD6), content.DoctorId, content.Diagnosis, content.Signature, content.CommitmentKey,
            content.Label);
        if (content.Label is { } label)
        {
            var failure = CheckLabel(label, content.PatientId, content.DepartmentId, entry);
            step.Require(failure is null, null, SensitivityLabel.Check, "Sig_L verifies with PUK_D: the doctor restricted this diagnosis", failure ?? "");
        }
        step.Accept($"The signed diagnosis was added to the record at {Id}{(content.Label is null ? "" : ", restricted")}.");
        AppendEntry(content.PatientId, content.DepartmentId, entry);
    }
}
