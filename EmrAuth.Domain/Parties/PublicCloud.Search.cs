using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

public sealed partial class PublicCloud
{
    /// <summary>The hardened index's tamper check at Eq. 29.</summary>
    public const string IndexRecordCheck = "Index record authentic (AES-GCM under K_idx, AAD = h(ID_P || ID_DE))";

    /// <summary>A hospital announces a stored record: h(ID_P || ID_DE) → ID_HPC (docs/protocol.md#d-emr-index).</summary>
    public void AcceptIndexRegistration(IndexRegistration message, IProtocolEventSink sink)
    {
        var sender = new PartyRef(PartyRole.HospitalCloud, message.HospitalId);
        using var step = new ReceiveStep(this, sink, Phase.Indexing, 1, sender, message);
        step.RequireFresh();
        var hospital = FindRegistered(PartyRole.HospitalCloud, message.HospitalId);
        step.Require(hospital is not null, null, "ID_HPC registered", $"{message.HospitalId} is registered", $"hospital {message.HospitalId} is not registered");
        var key = Trust.PublicKeyOf(Phase.Indexing, hospital!.Id, hospital.IssuanceExtra, hospital.R);
        step.RequireSignature(Crypto, key, SignedContents.IndexRegistration(message.HospitalId, message.IndexKey, message.SentAt), message.Signature,
            null, "Verify Sig_HPC0 with PUK_HPC", "signed by the hospital", "Sig_HPC0 does not verify with PUK_HPC");
        step.Require(message.IndexKey.Length == 32, null, "Index key", "32-byte h(ID_P || ID_DE)", "the index key is not a SHA-256 digest");
        step.Accept();
        Index.Store(message.IndexKey, message.HospitalId, "");
    }

    /// <summary>
    /// EMR search step 1 at the public cloud: ΔT, Eq. 27 (decrypt, Cert_D legal), Eq. 28 (Sig_D2), index; Eqs. 29–30.
    /// In the hardened profile Sig_D2 and Sig_C name PUK_D instead of S_D, and Sig_C also covers the query's digest.
    /// </summary>
    public IndexAnswer AnswerIndexQuery(IndexQuery message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        var hardened = visitProfile == ProtocolProfile.Hardened;
        using var step = new ReceiveStep(this, sink, Phase.EmrSearch, 1, sender, message);
        step.RequireFresh();
        var content = step.Decrypt(27, "PRK_C", (c, aad) => Crypto.Decrypt(Phase.EmrSearch, _ownKey, c, aad, visitProfile), IndexQueryContent.Decode, c => c.TD2);
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("ID_D", content.DoctorId, Sensitivity.Public);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        var status = Trust.CheckCertificate(Phase.EmrSearch, content.Certificate, content.DoctorId, Now);
        step.Require(status.IsLegal, 27, "Cert_D legal", status.Reason, status.Reason);
        var doctor = FindRegistered(PartyRole.Doctor, content.DoctorId);
        step.Require(doctor is not null, 28, "ID_D registered", $"{content.DoctorId} is registered", $"doctor {content.DoctorId} is not registered with the public cloud");
        var doctorKey = Trust.PublicKeyOf(Phase.EmrSearch, doctor!.Id, doctor.IssuanceExtra, doctor.R);
        if (!hardened)
        {
            // The paper's Sig_D2 covers S_D (Eq. 26): only an escrowing issuer can check it.
            step.Require(doctor.S is not null, 28, "S_D known to the public cloud (paper profile)", "S_D was issued with escrow",
                $"{content.DoctorId}'s key was issued without escrow, so the paper's Sig_D2 over S_D cannot be checked: use the hardened profile");
        }
        var signedQuery = hardened
            ? HardenedContents.IndexQuery(doctorKey.Point, content.TD2, content.PatientId, content.DepartmentId, content.DoctorId)
            : SignedContents.IndexQuery(doctor.S!, content.TD2, content.PatientId, content.DepartmentId, content.DoctorId);
        step.RequireSignature(Crypto, doctorKey, signedQuery, message.Signature, 28, "Verify Sig_D2 with PUK_D",
            hardened ? "Sig_D2 verifies over PUK_D" : "Sig_D2 verifies over the S_D the public cloud issued", "Sig_D2 does not verify with PUK_D");
        var patientKey = CheckSearchScope(step, content);
        var indexKey = EmrIndex.KeyOf(content.PatientId, content.DepartmentId);
        var lookup = Index.Find(indexKey);
        step.Require(lookup.Found, 29, "Index record h(ID_P || ID_DE)", "an index record exists",
            $"no hospital has registered a record for this patient in department {content.DepartmentId}");
        if (Index.Form == ProtocolProfile.Hardened)
        {
            step.Require(lookup.Authentic, 29, IndexRecordCheck, "the sealed record opens under K_idx for this h(ID_P || ID_DE)",
                "the stored index record does not open: it was altered or moved from another index key");
        }
        var hospitalId = lookup.HospitalId;
        step.Require(FindRegistered(PartyRole.HospitalCloud, hospitalId!) is not null, 29, "ID_HPC registered", $"{hospitalId} is registered",
            $"the index points to {hospitalId}, which is no longer registered");
        step.Accept();

        var tC = NewTimestamp();
        var scope = content.Scope.Scope;
        var vouched = Crypto.Sign(Phase.EmrSearch, _ownKey, ForwardedScope.Vouched(hospitalId!, patientKey.Point, scope, tC));
        var answer = new IndexAnswerContent(hospitalId!, content.DepartmentId, tC, new ForwardedScope(content.Scope, patientKey.Point, tC, vouched));
        var cC = Crypto.EncryptFor(Phase.EmrSearch, doctorKey, answer.Encode(), SignedContents.AssociatedData("C_C", tC), visitProfile);
        var signedAnswer = hardened
            ? HardenedContents.IndexAnswer(content.DepartmentId, doctorKey.Point, hospitalId!, tC, message.Digest())
            : SignedContents.IndexAnswer(content.DepartmentId, doctor.S!, hospitalId!, tC);
        var sigC = Crypto.Sign(Phase.EmrSearch, _ownKey, signedAnswer);
        // After Eq. 30 the paper stores (h(ID_P || ID_DE), (ID_HPC || ID_D) ⊕ h(s)): who last searched this record.
        Index.Store(indexKey, hospitalId!, content.DoctorId);
        return new IndexAnswer(cC, sigC, tC);
    }

    /// <summary>PUK_P as this cloud issued it to a registered patient, or null: what a hospital checks an admission agreement against.</summary>
    public CurvePoint? PatientKey(string patientId) =>
        FindRegistered(PartyRole.Patient, patientId) is { } patient ? Trust.PublicKeyOf(Phase.Indexing, patient.Id, patient.IssuanceExtra, patient.R).Point : null;

    /// <summary>
    /// Finding 2 of issue 11, before the index is consulted: Scope_P names this patient and doctor, Sig_PS verifies with
    /// the PUK_P this cloud issued, and ID_DE is one of the departments the patient allowed. Returns PUK_P.
    /// </summary>
    private PublicKey CheckSearchScope(ReceiveStep step, IndexQueryContent content)
    {
        var scope = content.Scope.Scope;
        step.Recovered("Scope_P", scope.ToString(), Sensitivity.Public);
        var patient = FindRegistered(PartyRole.Patient, content.PatientId);
        step.Require(patient is not null && scope.PatientId == content.PatientId && scope.DoctorId == content.DoctorId, 28, SearchScope.Check,
            "Scope_P names this registered patient and this doctor", "Scope_P does not name this visit's registered patient and doctor");
        var patientKey = Trust.PublicKeyOf(Phase.EmrSearch, patient!.Id, patient.IssuanceExtra, patient.R);
        step.RequireSignature(Crypto, patientKey, scope.Encode(), content.Scope.Signature, 28, SearchScope.Check,
            "Sig_PS verifies with PUK_P", "Sig_PS does not verify with the patient's PUK_P", new PartyRef(PartyRole.Patient, patient.Id));
        step.Require(scope.Allows(content.DepartmentId), 28, SearchScope.Check, $"the patient allowed {content.DepartmentId}",
            $"the patient allowed this visit to search {scope} only, not {content.DepartmentId}");
        return patientKey;
    }

    /// <summary>
    /// Architecture step 4: relay the doctor's filed diagnosis to the hospital it names. In the hardened profile the
    /// route is C_R, which only this cloud opens (PRK_C); the message goes on unchanged.
    /// </summary>
    public FilingRoute RelayFiling(DiagnosisFiling message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        using var step = new ReceiveStep(this, sink, Phase.Filing, 1, sender, message);
        step.RequireFresh();
        string hospitalId;
        if (visitProfile == ProtocolProfile.Hardened)
        {
            step.Require(message.SealedRoute is not null, null, "Route sealed (hardened profile)", "C_R present", "the filing names its hospital in the clear");
            hospitalId = step.Decrypt(null, "PRK_C", (c, aad) => Crypto.Decrypt(Phase.Filing, _ownKey, c, aad, visitProfile),
                FilingRouteContent.Decode, c => c.TD6, "C_R").HospitalId;
            step.Recovered("ID_HPC", hospitalId, Sensitivity.Public);
        }
        else
        {
            step.Require(message.SealedRoute is null, null, "Route in the clear (paper profile)", "ID_HPC present", "the filing carries a sealed route");
            hospitalId = message.HospitalId ?? "";
        }
        step.Require(FindRegistered(PartyRole.HospitalCloud, hospitalId) is not null, null, "ID_HPC registered",
            $"{hospitalId} is registered", $"hospital {hospitalId} is not registered");
        step.Accept();
        return new FilingRoute(hospitalId, message);
    }
}
