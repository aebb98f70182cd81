using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

public sealed partial class PublicCloud
{
    /// <summary>The consent revocations this cloud has verified; a grant search checks them before the index is consulted.</summary>
    public ConsentRevocations ConsentRevocations { get; } = new();

    /// <summary>
    /// G1 at the public cloud: ΔT, decrypt C_G1, Cert_D legal, ID_D registered, Sig_G1 with PUK_D, then every grant check
    /// (<see cref="GrantChecks.Verify"/>) before the index is consulted, so a doctor without a grant learns nothing of where
    /// records are; then h(ID_P || ID_DE) → ID_HPC and, for a hospital grant, that hospital. Answers with G2.
    /// </summary>
    public GrantAnswer AnswerGrantQuery(GrantQuery message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var searchProfile = profile ?? Options.Profile;
        using var step = new ReceiveStep(this, sink, Phase.Consent, 1, sender, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_C", (c, aad) => Crypto.Decrypt(Phase.Consent, _ownKey, c, aad, searchProfile), GrantQueryContent.Decode, c => c.TG1);
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("ID_D", content.DoctorId, Sensitivity.Public);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        var status = Trust.CheckCertificate(Phase.Consent, content.Certificate, content.DoctorId, Now);
        step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, status.Reason);
        var doctor = FindRegistered(PartyRole.Doctor, content.DoctorId);
        step.Require(doctor is not null, null, "ID_D registered", $"{content.DoctorId} is registered", $"doctor {content.DoctorId} is not registered with the public cloud");
        var doctorKey = Trust.PublicKeyOf(Phase.Consent, doctor!.Id, doctor.IssuanceExtra, doctor.R);
        step.RequireSignature(Crypto, doctorKey, ConsentContents.GrantQuery(content.PatientId, content.DoctorId, content.DepartmentId, content.Purpose, content.Grant,
            content.TG1, searchProfile), message.Signature, null, "Verify Sig_G1 with PUK_D", "the doctor signed this search", "Sig_G1 does not verify with PUK_D");
        var patient = FindRegistered(PartyRole.Patient, content.PatientId);
        step.Require(patient is not null, null, GrantChecks.Signature, $"{content.PatientId} is registered", $"patient {content.PatientId} is not registered");
        var patientKey = Trust.PublicKeyOf(Phase.Consent, patient!.Id, patient.IssuanceExtra, patient.R);
        GrantChecks.Verify(step, Crypto, content.Grant, patientKey, content.PatientId, content.DoctorId, content.Certificate.DepartmentId, content.DepartmentId,
            content.Purpose, NewTimestamp(), ConsentRevocations);
        var lookup = Index.Find(EmrIndex.KeyOf(content.PatientId, content.DepartmentId));
        step.Require(lookup.Found && (Index.Form != ProtocolProfile.Hardened || lookup.Authentic), null, "Index record h(ID_P || ID_DE)", "an authentic index record exists",
            $"no hospital has registered a record for this patient in department {content.DepartmentId}");
        var hospitalId = lookup.HospitalId!;
        step.Require(FindRegistered(PartyRole.HospitalCloud, hospitalId) is not null, null, "ID_HPC registered", $"{hospitalId} is registered",
            $"the index points to {hospitalId}, which is no longer registered");
        GrantChecks.RequireHospital(step, content.Grant.Grant, hospitalId);
        step.Accept();

        var tG2 = NewTimestamp();
        var vouch = new GrantVouch(patientKey.Point, tG2, Crypto.Sign(Phase.Consent, _ownKey, GrantVouch.Vouched(hospitalId, content.DoctorId, patientKey.Point, content.Grant, tG2)));
        var answer = new GrantAnswerContent(hospitalId, content.DepartmentId, tG2, vouch);
        var cG2 = Crypto.EncryptFor(Phase.Consent, doctorKey, answer.Encode(), SignedContents.AssociatedData("C_G2", tG2), searchProfile);
        var sigG2 = Crypto.Sign(Phase.Consent, _ownKey, ConsentContents.GrantAnswer(hospitalId, content.DepartmentId, message.Digest(), tG2, searchProfile));
        return new GrantAnswer(cG2, sigG2, tG2);
    }

    /// <summary>
    /// R1 at the public cloud: ΔT, decrypt C_R1, Sig_R1 with the PUK_P it issued. The revocation takes effect here at once,
    /// and one (C_R2, Sig_R2, T_R2) per hospital carries it on with the cloud's vouch for PUK_P.
    /// </summary>
    public IReadOnlyDictionary<string, RevocationNotice> AcceptRevocation(RevocationRequest message, PartyRef sender, IEnumerable<string> hospitalIds,
        IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var requestProfile = profile ?? Options.Profile;
        ConsentRevocation revocation;
        PublicKey patientKey;
        using (var step = new ReceiveStep(this, sink, Phase.Consent, 1, sender, message))
        {
            step.RequireFresh();
            revocation = step.Decrypt(null, "PRK_C", (c, aad) => Crypto.Decrypt(Phase.Consent, _ownKey, c, aad, requestProfile), ConsentRevocation.Decode, r => r.RevokedAt);
            step.Recovered("ID_G", revocation.GrantId, Sensitivity.Public);
            var patient = FindRegistered(PartyRole.Patient, revocation.PatientId);
            step.Require(patient is not null && sender.Id == revocation.PatientId, null, GrantChecks.RevocationSignature, "Revoke_P names the registered patient who sent it",
                "Revoke_P names another or an unregistered patient");
            patientKey = Trust.PublicKeyOf(Phase.Consent, patient!.Id, patient.IssuanceExtra, patient.R);
            step.RequireSignature(Crypto, patientKey, revocation.Encode(), message.Signature, null, GrantChecks.RevocationSignature,
                "Sig_R1 verifies with PUK_P: the patient revoked the grant", "Sig_R1 does not verify with the patient's PUK_P");
            step.Accept($"Grant {revocation.GrantId} revoked at the public cloud.");
        }
        ConsentRevocations.Add(revocation);
        var notices = new Dictionary<string, RevocationNotice>();
        foreach (var hospitalId in hospitalIds)
        {
            if (FindRegistered(PartyRole.HospitalCloud, hospitalId) is not { } hospital)
            {
                continue;
            }
            var hospitalKey = Trust.PublicKeyOf(Phase.Consent, hospital.Id, hospital.IssuanceExtra, hospital.R);
            var tR2 = NewTimestamp();
            var notice = new RevocationNoticeContent(revocation, message.Signature, patientKey.Point, tR2);
            var cR2 = Crypto.EncryptFor(Phase.Consent, hospitalKey, notice.Encode(), SignedContents.AssociatedData("C_R2", tR2), requestProfile);
            notices[hospitalId] = new RevocationNotice(cR2, Crypto.Sign(Phase.Consent, _ownKey, ConsentContents.RevocationNotice(hospitalId, patientKey.Point, revocation, tR2)), tR2);
        }
        return notices;
    }
}
