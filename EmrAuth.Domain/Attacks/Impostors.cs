using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>
/// An attacker answering in another party's name. With its own keys it is a party the public cloud registered
/// (patient-mallory, dr-mallory, HPC-Mallory) and signs with its own PRK; with no keys it has only public values
/// (the directory, PK, whatever crossed the network) and signs with a key it made up.
/// </summary>
internal static class Impostors
{
    /// <summary>C_P1 in the target patient's name: ID_P is the victim's, B_P, R_P1 and the signing key are the attacker's.</summary>
    public static AttackResult AsPatient(LabSandbox lab, bool ownKeys)
    {
        var attacker = lab.Deployment.Patients[LabSandbox.AttackerPatient];
        using var madeUp = PrivateKey.Generate();
        var (biometric, r, key) = ownKeys
            ? (attacker.BiometricPasswordValue, attacker.RequireCredentials().R, attacker.RequireCredentials().Key)
            : (Hashing.Digest("made-up B_P"u8), CurvePoint.MultiplyGenerator(Scalar.Random()), madeUp);
        var bulletin = lab.Deployment.Cloud.Bulletin;
        var t = lab.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var rP2 = CurvePoint.MultiplyGenerator(Scalar.Random());
        var victim = lab.Target.PatientId;
        var scope = new SearchScope(victim, lab.Target.DoctorId, [lab.Target.DepartmentId], t);
        var content = new ConsultationRequestContent(victim, biometric, r, rP2, t, new SignedScope(scope, key.Sign(scope.Encode())));
        using var doctorKey = PublicKeyOf(lab, lab.Target.DoctorId, PartyRole.Doctor);
        var forged = new ConsultationRequest(
            PublicKeyCipher.Encrypt(doctorKey, lab.AsSent(content.Encode()), SignedContents.AssociatedData("C_P1", t)),
            key.Sign(SignedContents.ConsultationRequest(r, victim, rP2, biometric, bulletin.MasterPublicKey, t, scope)), t);
        return AttackResult.Attempt(() => lab.Doctor.ReceiveConsultationRequest(forged, lab.Patient.Ref, lab.Transcript),
            $"the doctor accepted a consultation request as {victim}");
    }

    /// <summary>
    /// C_D1 in the target doctor's name, answering the patient's real request. With its own keys dr-mallory knows PUK_P from an
    /// earlier visit of this patient and copies the victim's public ID_D, R_D1 and Cert_D; with no keys PUK_P is unknown
    /// (patients are not in the directory), so it encrypts to a key of its own.
    /// </summary>
    public static AttackResult AsDoctor(LabSandbox lab, bool ownKeys)
    {
        var run = lab.Visit().RunUntil(Hop.C_P1);
        _ = run.Pending;
        var victim = lab.Deployment.Cloud.Directory.Find(lab.Target.DoctorId, PartyRole.Doctor)!;
        using var madeUp = PrivateKey.Generate();
        var signer = ownKeys ? lab.Deployment.Doctors[LabSandbox.AttackerDoctor].RequireCredentials().Key : madeUp;
        var recipient = ownKeys ? lab.Patient.RequireCredentials().PublicKey : madeUp.PublicKey;
        var t = lab.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var rD2 = CurvePoint.MultiplyGenerator(Scalar.Random());
        var sek = SessionKey.FromBytes(Hashing.Digest("made-up SEK_1"u8));
        var content = new ConsultationResponseContent(victim.Id, victim.Certificate!, victim.R, rD2, sek, t);
        var forged = new ConsultationResponse(
            PublicKeyCipher.Encrypt(recipient, lab.AsSent(content.Encode()), SignedContents.AssociatedData("C_D1", t)),
            signer.Sign(SignedContents.ConsultationResponse(rD2, victim.Id, t, victim.Certificate!, sek, lab.Deployment.Cloud.MasterPublicKey)), t);
        return AttackResult.Attempt(() => run.Receive(Hop.C_D1, forged), $"the patient accepted a consultation answer as {victim.Id}");
    }

    /// <summary>
    /// C_HPC1 in the record hospital's name, answering the doctor's intercepted C_D3. With its own keys HPC-Mallory signs it;
    /// with no keys the attacker reuses a genuine (Sig_HPC1, T_HPC1) the hospital just sent to another doctor.
    /// </summary>
    public static AttackResult AsHospital(LabSandbox lab, bool ownKeys)
    {
        var run = lab.Visit().RunUntil(Hop.C_D3);
        _ = run.Pending;
        var hospitalId = lab.Target.HospitalId;
        byte[] signature;
        long t;
        if (ownKeys)
        {
            t = lab.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            signature = lab.Deployment.Hospitals[LabSandbox.AttackerHospital].RequireCredentials().Key
                .Sign(SignedContents.HospitalAccessResponse(lab.Deployment.Cloud.MasterPublicKey, t, hospitalId));
        }
        else
        {
            var captured = (HospitalAccessResponse)lab.Visit(LabSandbox.OtherPatient, LabSandbox.OtherDoctor).RunUntil(Hop.C_HPC1).Pending;
            (signature, t) = (captured.Signature, captured.SentAt);
        }
        var content = new HospitalAccessResponseContent(hospitalId, SessionKey.FromBytes(Hashing.Digest("made-up SEK_2"u8)), t,
            CurvePoint.MultiplyGenerator(Scalar.Random()));
        using var doctorKey = PublicKeyOf(lab, lab.Target.DoctorId, PartyRole.Doctor);
        var forged = new HospitalAccessResponse(PublicKeyCipher.Encrypt(doctorKey, lab.AsSent(content.Encode()), SignedContents.AssociatedData("C_HPC1", t)), signature, t);
        return AttackResult.Attempt(() => run.Receive(Hop.C_HPC1, forged), $"the doctor accepted a hospital answer as {hospitalId}");
    }

    /// <summary>C_C in the public cloud's name, sending the doctor's search to the attacker's hospital.</summary>
    public static AttackResult AsCloud(LabSandbox lab, bool ownKeys)
    {
        var run = lab.Visit().RunUntil(Hop.C_D2);
        _ = run.Pending;
        using var madeUp = PrivateKey.Generate();
        var signer = ownKeys ? lab.Deployment.Patients[LabSandbox.AttackerPatient].RequireCredentials().Key : madeUp;
        var t = lab.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Scope_P travels encrypted in C_D2, so the attacker forwards one of its own making, vouched with its own key.
        var scope = new SearchScope(lab.Target.PatientId, lab.Target.DoctorId, [lab.Target.DepartmentId], t);
        var forwarded = new ForwardedScope(new SignedScope(scope, signer.Sign(scope.Encode())), signer.PublicKey.Point, t,
            signer.Sign(ForwardedScope.Vouched(LabSandbox.AttackerHospital, signer.PublicKey.Point, scope, t)));
        var content = new IndexAnswerContent(LabSandbox.AttackerHospital, lab.Target.DepartmentId, t, forwarded);
        using var doctorKey = PublicKeyOf(lab, lab.Target.DoctorId, PartyRole.Doctor);
        // Sig_C covers S_D, which only the doctor and the public cloud know: the attacker signs over a guess.
        var forged = new IndexAnswer(PublicKeyCipher.Encrypt(doctorKey, lab.AsSent(content.Encode()), SignedContents.AssociatedData("C_C", t)),
            signer.Sign(SignedContents.IndexAnswer(lab.Target.DepartmentId, Scalar.Random(), LabSandbox.AttackerHospital, t)), t);
        return AttackResult.Attempt(() => run.Receive(Hop.C_C, forged), "the doctor accepted an index answer pointing to the attacker's hospital");
    }

    /// <summary>
    /// The public cloud itself answers the patient as the doctor, with the key it issued (docs/protocol.md#g-key-escrow). After the paper's
    /// issuance it kept S_D; after escrow-free issuance the most it can compute from s is e_D·s, which the doctor's own
    /// registration check (Eq. 10) refuses. On success the cloud holds SEK_1 and reads M_SD.
    /// </summary>
    public static AttackResult AsDoctorByEscrow(LabSandbox lab)
    {
        var cloud = lab.Deployment.Cloud;
        var victim = lab.Doctor;
        var registered = cloud.FindRegistered(PartyRole.Doctor, victim.Id)!;
        var s = Scalar.FromBytes(cloud.ExportMasterSecretForSealedStorage());
        var held = registered.S ?? ImplicitCertificate.IssuanceHash(victim.Id, registered.IssuanceExtra, registered.R).Multiply(s);
        using var clone = new Doctor(victim.Id, victim.Certificate, cloud.Bulletin, lab.Clock, lab.Deployment.Options);
        var run = lab.Visit().RunUntil(Hop.C_P1);
        var request = (ConsultationRequest)run.Pending;
        string? readings = null;
        var result = AttackResult.Attempt(() =>
        {
            clone.CompleteRegistration(new RegistrationGrant(PartyRole.Doctor, registered.R, held, lab.Clock.GetUtcNow().ToUnixTimeMilliseconds()), lab.Transcript);
            var consultation = clone.ReceiveConsultationRequest(request, lab.Patient.Ref, lab.Transcript, lab.Profile);
            run.Receive(Hop.C_D1, consultation.Accept());
            readings = consultation.ReceiveReadings(run.PatientSide!.SendReadings(LabSandbox.Readings));
        }, $"the patient holds SEK_1 with the public cloud, believing it is {victim.Id}");
        return result.Verdict == AttackVerdict.Succeeded
            ? result with { Where = "key escrow (docs/protocol.md#g-key-escrow)", Obtained = [$"S_D of {victim.Id}, kept by the public cloud since registration", $"M_SD read by the public cloud: \"{readings}\""] }
            : result;
    }

    /// <summary>PUK_X of a listed party, rebuilt from the public directory as anyone can.</summary>
    private static PublicKey PublicKeyOf(LabSandbox lab, string id, PartyRole role)
    {
        var entry = lab.Deployment.Cloud.Directory.Find(id, role)!;
        var pk = lab.Deployment.Cloud.MasterPublicKey;
        return new PublicKey(ImplicitCertificate.PublicPoint(ImplicitCertificate.IssuanceHash(entry.Id, entry.IssuanceExtra, entry.R), entry.R, pk));
    }
}
