using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>Consent grants at the hospital: it verifies every grant itself before releasing a record, and keeps the revocations.</summary>
public sealed partial class HospitalCloud
{
    /// <summary>The consent revocations the public cloud relayed here (R2), checked again at release.</summary>
    public ConsentRevocations ConsentRevocations { get; } = new();

    /// <summary>
    /// G3 at the hospital: ΔT, decrypt C_G3, Cert_D legal, Sig_G3 with PUK_D (rebuilt from Cert_D and R_D1 as in Eq. 37),
    /// Sig_CG with PUK_C (the cloud vouches PUK_P), every grant check under that PUK_P, this hospital for a hospital
    /// grant, and the record held. At release the revocations are read once more, so a revocation that landed while
    /// the search ran stops it here. Answers with G4: M_EMR encrypted to PUK_D only.
    /// </summary>
    public GrantRecordDelivery ReceiveGrantAccess(GrantAccessRequest message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var searchProfile = profile ?? Options.Profile;
        var credentials = RequireCredentials();
        using var step = new ReceiveStep(this, sink, Phase.Consent, 3, sender, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_HPC", (c, aad) => Crypto.Decrypt(Phase.Consent, credentials.Key, c, aad, searchProfile), GrantAccessContent.Decode,
            c => c.TG3);
        step.Recovered("ID_D", content.DoctorId, Sensitivity.Public);
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        var status = Trust.CheckCertificate(Phase.Consent, content.Certificate, content.DoctorId, Now);
        step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, status.Reason);
        var doctorKey = Trust.PublicKeyOf(Phase.Consent, content.DoctorId, content.Certificate.Encode(), content.RD1);
        step.RequireSignature(Crypto, doctorKey, ConsentContents.GrantAccess(Id, content.PatientId, content.DoctorId, content.DepartmentId, content.Purpose, content.Grant,
            content.TG3, searchProfile), message.Signature, null, "Verify Sig_G3 with PUK_D", "Sig_G3 verifies with PUK_D = R_D1 + Hq(ID_D || Cert_D || R_D1)·PK",
            "Sig_G3 does not verify with PUK_D for a request to this hospital");
        var vouch = content.Vouch;
        step.RequireSignature(Crypto, Bulletin.CloudKey, GrantVouch.Vouched(Id, content.DoctorId, vouch.PatientKey, content.Grant, vouch.TG2), vouch.CloudSignature,
            null, "Verify Sig_CG with PUK_C", "the public cloud vouches that PUK_P is this patient's key", "Sig_CG does not verify with PUK_C for this hospital, doctor and grant",
            CloudRef);
        GrantChecks.Verify(step, Crypto, content.Grant, PublicKey.For(vouch.PatientKey), content.PatientId, content.DoctorId, content.Certificate.DepartmentId,
            content.DepartmentId, content.Purpose, NewTimestamp(), ConsentRevocations);
        GrantChecks.RequireHospital(step, content.Grant.Grant, Id);
        var record = FindRecord(content.PatientId, content.DepartmentId);
        step.Require(record is not null, null, "Record held here", "the record exists", $"{Id} holds no record of this patient in department {content.DepartmentId}");
        // The release filter: restricted entries leave only under a grant that names restricted data.
        var released = record!.Release(content.Grant.Grant.IncludesRestricted);
        step.Require(true, null, SensitivityLabel.ReleaseCheck, SensitivityLabel.DescribeRelease(released, "the grant"), "");
        GrantChecks.RequireNotRevoked(step, ConsentRevocations, content.Grant.Grant, "still not revoked at release");
        step.Accept($"{Id} released the {content.DepartmentId} record under grant {content.Grant.Grant.GrantId}.");

        var tG4 = NewTimestamp();
        var delivery = new GrantRecordContent(Id, content.PatientId, content.DepartmentId, released.Render(), tG4);
        var cG4 = Crypto.EncryptFor(Phase.Consent, doctorKey, delivery.Encode(), SignedContents.AssociatedData("C_G4", tG4), searchProfile);
        var sigG4 = Crypto.Sign(Phase.Consent, credentials.Key, ConsentContents.GrantRecord(Id, content.DoctorId, message.Digest(), cG4, tG4, searchProfile));
        return new GrantRecordDelivery(cG4, sigG4, tG4);
    }

    /// <summary>R2 at the hospital: ΔT, decrypt C_R2, Sig_R2 with PUK_C (the cloud vouches PUK_P), Sig_R1 with PUK_P; then the grant is refused here.</summary>
    public void ReceiveRevocationNotice(RevocationNotice message, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var credentials = RequireCredentials();
        var noticeProfile = profile ?? Options.Profile;
        using var step = new ReceiveStep(this, sink, Phase.Consent, 2, CloudRef, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_HPC", (c, aad) => Crypto.Decrypt(Phase.Consent, credentials.Key, c, aad, noticeProfile), RevocationNoticeContent.Decode,
            c => c.TR2);
        var revocation = content.Revocation;
        step.Recovered("ID_G", revocation.GrantId, Sensitivity.Public);
        step.RequireSignature(Crypto, Bulletin.CloudKey, ConsentContents.RevocationNotice(Id, content.PatientKey, revocation, content.TR2), message.Signature, null,
            "Verify Sig_R2 with PUK_C", "the public cloud relays the revocation and vouches PUK_P", "Sig_R2 does not verify with PUK_C");
        step.RequireSignature(Crypto, PublicKey.For(content.PatientKey), revocation.Encode(), content.PatientSignature, null, GrantChecks.RevocationSignature,
            "Sig_R1 verifies with PUK_P: the patient revoked the grant", "Sig_R1 does not verify with PUK_P", new PartyRef(PartyRole.Patient, revocation.PatientId));
        step.Accept($"Grant {revocation.GrantId} revoked at {Id}.");
        ConsentRevocations.Add(revocation);
    }
}
