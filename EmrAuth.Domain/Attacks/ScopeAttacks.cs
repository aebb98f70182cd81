using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>
/// Searches outside the departments the patient allowed (issue 11, finding 2). The patient allowed the target department
/// only; the sandbox also holds the patient's record in <see cref="LabSandbox.OutOfScopeDepartment"/>.
/// </summary>
internal static class ScopeAttacks
{
    /// <summary>The doctor runs the EMR search for a department the patient did not allow: the public cloud refuses.</summary>
    public static AttackResult SearchOutsideScope(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_D2);
        var search = run.DoctorSide!.BeginEmrSearch(LabSandbox.OutOfScopeDepartment);
        return AttackResult.Attempt(() => run.Receive(Hop.C_D2, search.Query), $"the public cloud answered a search for {LabSandbox.OutOfScopeDepartment}");
    }

    /// <summary>
    /// The doctor searches the allowed department, then asks the hospital, under SEK_2, for the record in another one
    /// (C_D4 names ID_DE, which the public cloud never sees): the hospital refuses.
    /// </summary>
    public static AttackResult RecordOutsideScope(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_D4);
        var t = lab.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var doctor = lab.Doctor;
        var content = new RecordRequestContent(lab.Target.PatientId, doctor.Id, t, doctor.Certificate, LabSandbox.OutOfScopeDepartment);
        var forged = new RecordRequest(SessionCipher.Encrypt(run.Search!.SessionKey!, lab.AsSent(content.Encode()), SignedContents.AssociatedData("C_D4", t)), t);
        return AttackResult.Attempt(() => run.Deliver(forged), $"the hospital delivered the {LabSandbox.OutOfScopeDepartment} record");
    }

    /// <summary>
    /// The public cloud's operator (with PRK_C from its storage) answers the doctor's genuine query with a scope it
    /// widened to <see cref="LabSandbox.OutOfScopeDepartment"/>, vouching for it with Sig_CS; the doctor then asks the
    /// hospital for that record. The hospital checks the patient's Sig_PS itself and refuses.
    /// </summary>
    public static AttackResult CloudWidensScope(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_D2);
        var query = (IndexQuery)run.Pending;
        var cloud = lab.Deployment.Cloud;
        using var cloudKey = new PrivateKey(Scalar.FromBytes(cloud.ExportOwnKeyForSealedStorage()));
        var asked = IndexQueryContent.Decode(lab.AsReceived(PublicKeyCipher.Decrypt(cloudKey, query.Ciphertext, SignedContents.AssociatedData("C_D2", query.SentAt))));
        var chosen = asked.Scope.Scope;
        var widened = new SearchScope(chosen.PatientId, chosen.DoctorId, [.. chosen.Departments, LabSandbox.OutOfScopeDepartment], chosen.IssuedAt);
        var patientKey = lab.Patient.RequireCredentials().PublicKey.Point;
        var hospitalId = lab.Target.HospitalId;
        var tC = lab.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        // The patient's Sig_PS is kept: the operator can re-sign as the public cloud, not as the patient.
        var forwarded = new ForwardedScope(new SignedScope(widened, asked.Scope.Signature), patientKey, tC,
            cloudKey.Sign(ForwardedScope.Vouched(hospitalId, patientKey, widened, tC)));
        var doctorEntry = cloud.FindRegistered(PartyRole.Doctor, asked.DoctorId)!;
        var doctorKey = cloud.Trust.PublicKeyOf(Phase.EmrSearch, doctorEntry.Id, doctorEntry.IssuanceExtra, doctorEntry.R);
        var signedAnswer = lab.Profile == ProtocolProfile.Hardened
            ? HardenedContents.IndexAnswer(asked.DepartmentId, doctorKey.Point, hospitalId, tC, query.Digest())
            : SignedContents.IndexAnswer(asked.DepartmentId, doctorEntry.S!, hospitalId, tC);
        var answer = new IndexAnswerContent(hospitalId, asked.DepartmentId, tC, forwarded);
        var forged = new IndexAnswer(PublicKeyCipher.Encrypt(doctorKey, lab.AsSent(answer.Encode()), SignedContents.AssociatedData("C_C", tC)), cloudKey.Sign(signedAnswer), tC);
        run.Deliver(query);
        return AttackResult.Attempt(() =>
        {
            run.Deliver(forged);
            run.Deliver(run.Pending);
        }, $"the hospital accepted a scope the patient did not sign, so the doctor can ask for {LabSandbox.OutOfScopeDepartment}");
    }
}
