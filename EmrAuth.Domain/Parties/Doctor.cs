using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>D: holds Cert_D from the medical authority and, once registered, (R_D1, S_D).</summary>
public sealed class Doctor(string id, DoctorCertificate certificate, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options)
    : Participant(PartyRole.Doctor, id, bulletin, clock, options)
{
    /// <summary>The Cert_D this doctor registered with.</summary>
    public DoctorCertificate Certificate { get; } = certificate;

    /// <summary>The Cert_D the doctor's messages carry; differs from <see cref="Certificate"/> only in attack simulations.</summary>
    internal DoctorCertificate PresentedCertificate { get; set; } = certificate;

    protected override byte[]? IssuanceExtra => Certificate.Encode();

    /// <summary>Doctor registration step 1: (ID_D, Cert_D) over the secure channel.</summary>
    public override RegistrationRequest RequestRegistration() => new(PartyRole.Doctor, Id, null, Certificate, NewTimestamp());

    /// <summary>
    /// Starts a search under a patient's consent grant, outside any consultation (G1); the grant travels with it. The
    /// profile is the search's (default: the deployment's).
    /// </summary>
    public DoctorGrantSearch BeginGrantSearch(SignedGrant grant, string departmentId, PurposeOfUse purpose, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        return new DoctorGrantSearch(this, RequireCredentials(), sink, grant, departmentId, purpose, profile ?? Options.Profile);
    }

    /// <summary>
    /// Consultation step 1: ΔT, Eq. 14 (decrypt C_P1), Eq. 15 (Sig_P1 with the reconstructed PUK_P). The profile is the
    /// visit's (default: the deployment's); Sig_P1 is named for its profile, so a request made in the other one fails Eq. 15.
    /// </summary>
    public DoctorConsultation ReceiveConsultationRequest(ConsultationRequest message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        var credentials = RequireCredentials();
        using var step = new ReceiveStep(this, sink, Phase.Consultation, 1, sender, message);
        step.RequireFresh();
        var content = step.Decrypt(14, "PRK_D", (c, aad) => Crypto.Decrypt(Phase.Consultation, credentials.Key, c, aad, visitProfile), ConsultationRequestContent.Decode, c => c.TP1);
        step.Recovered("ID_P", content.PatientId);
        step.RecoveredSecret("B_P", content.BiometricPassword.Length);
        var patientKey = Trust.PublicKeyOf(Phase.Consultation, content.PatientId, content.BiometricPassword, content.RP1);
        var pk = Bulletin.MasterPublicKey;
        step.RequireSignature(Crypto, patientKey,
                SignedContents.ConsultationRequest(content.RP1, content.PatientId, content.RP2, content.BiometricPassword, pk, content.TP1, content.Scope.Scope, visitProfile),
            message.Signature, 15, "Verify Sig_P1 with PUK_P", "Sig_P1 verifies with PUK_P = R_P1 + Hq(ID_P || B_P || R_P1)·PK: a patient the public cloud registered",
            "Sig_P1 does not verify with the PUK_P reconstructed from C_P1");
        var scope = content.Scope.Scope;
        step.Recovered("Scope_P", scope.ToString(), Sensitivity.Public);
        // Sig_PS is what the public cloud and the hospital will check; a doctor forwards only a scope that verifies.
        step.Require(scope.PatientId == content.PatientId && scope.DoctorId == Id && scope.IssuedAt == content.TP1, 15, SearchScope.Check,
            $"Scope_P names this patient and {Id}", "Scope_P names another patient, doctor or request");
        step.RequireSignature(Crypto, patientKey, scope.Encode(), content.Scope.Signature, 15, SearchScope.Check,
            "Sig_PS verifies with PUK_P", "Sig_PS does not verify with PUK_P");
        step.Accept();
        return new DoctorConsultation(this, credentials, sink, content, patientKey, sender, visitProfile);
    }
}
