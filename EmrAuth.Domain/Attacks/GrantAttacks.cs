using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Domain.Attacks;

/// <summary>
/// Searches under a consent grant that should not open the record (docs/access.md#consent-grants). The target patient
/// grants the target doctor treatment access to the target department for a day; each attack bends one thing.
/// </summary>
internal static class GrantAttacks
{
    /// <summary>The doctor widens a genuine grant to every department and keeps the patient's Sig_PG.</summary>
    public static AttackResult ForgedGrant(LabSandbox lab)
    {
        var genuine = Grant(lab, lab.Target.DoctorId).Grant;
        var widened = new ConsentGrant(genuine.GrantId, genuine.PatientId, genuine.GranteeKind, genuine.GranteeId, genuine.Purpose, [], true,
            genuine.NotBefore, genuine.NotAfter, genuine.IssuedAt);
        var forged = new SignedGrant(widened, Grant(lab, lab.Target.DoctorId).Signature);
        return Search(lab, lab.Target.DoctorId, forged, LabSandbox.OutOfScopeDepartment);
    }

    /// <summary>A genuine grant used a day and a minute after it was signed: it expired.</summary>
    public static AttackResult ExpiredGrant(LabSandbox lab)
    {
        var grant = Grant(lab, lab.Target.DoctorId);
        lab.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        return Search(lab, lab.Target.DoctorId, grant, lab.Target.DepartmentId);
    }

    /// <summary>The patient revoked the grant (R1, R2); the doctor still searches under it.</summary>
    public static AttackResult RevokedGrant(LabSandbox lab)
    {
        var grant = Grant(lab, lab.Target.DoctorId);
        lab.Patient.Revoke(grant.Grant.GrantId, lab.Deployment.Cloud, lab.Deployment.Hospitals, lab.Transcript);
        lab.Clock.Advance(TimeSpan.FromSeconds(1));
        return Search(lab, lab.Target.DoctorId, grant, lab.Target.DepartmentId);
    }

    /// <summary>dr-other, a registered doctor of the same department, presents the grant the patient gave the target doctor.</summary>
    public static AttackResult OtherDoctor(LabSandbox lab) =>
        Search(lab, LabSandbox.OtherDoctor, Grant(lab, lab.Target.DoctorId), lab.Target.DepartmentId);

    private static SignedGrant Grant(LabSandbox lab, string doctorId)
    {
        var now = lab.Clock.GetUtcNow();
        return lab.Patient.SignGrant(GranteeKind.Doctor, doctorId, PurposeOfUse.Treatment, [lab.Target.DepartmentId], false, now.AddMinutes(-1), now.AddDays(1));
    }

    private static AttackResult Search(LabSandbox lab, string doctorId, SignedGrant grant, string departmentId)
    {
        var doctor = lab.Deployment.Doctors[doctorId];
        var search = doctor.BeginGrantSearch(grant, departmentId, PurposeOfUse.Treatment, lab.Transcript, lab.Profile);
        return AttackResult.Attempt(() => search.Run(lab.Deployment.Cloud, lab.Deployment.Hospitals),
            $"{doctorId} read the patient's {departmentId} record under the grant");
    }
}
