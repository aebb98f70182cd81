using EmrAuth.Domain.Messages;

namespace EmrAuth.Domain.Attacks;

/// <summary>
/// Delegates (issue 14): the target patient named <see cref="LabSandbox.OtherPatient"/> to act for them; the delegate
/// then acts where the patient's signed Delegation_P no longer (or never did) allow it. The public cloud refuses.
/// </summary>
internal static class DelegateAttacks
{
    /// <summary>The patient revokes the delegation; the former delegate starts a visit for the patient anyway.</summary>
    public static AttackResult AfterRevocation(LabSandbox lab)
    {
        var delegation = Delegate(lab, DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, revocation) = lab.Patient.RevokeDelegation(delegation.Delegation.Id);
        lab.Deployment.Cloud.RevokeDelegation(revocation, lab.Patient.Ref, lab.Transcript);
        lab.Clock.Advance(TimeSpan.FromMinutes(1));
        return Act(lab, delegation, DelegatePermissions.StartVisits, "the revoked delegate started a visit for the patient");
    }

    /// <summary>The patient allowed reading diagnoses only; the delegate starts a visit for the patient.</summary>
    public static AttackResult BeyondPermissions(LabSandbox lab) =>
        Act(lab, Delegate(lab, DelegatePermissions.ReadDiagnoses), DelegatePermissions.StartVisits, "the delegate started a visit its delegation does not allow");

    private static SignedDelegation Delegate(LabSandbox lab, DelegatePermissions permissions)
    {
        var now = lab.Clock.GetUtcNow();
        var (delegation, message) = lab.Patient.SignDelegation(LabSandbox.OtherPatient, DelegateRole.Proxy, permissions, now, now.AddDays(30));
        lab.Deployment.Cloud.RegisterDelegation(message, lab.Patient.Ref, lab.Transcript);
        return delegation;
    }

    private static AttackResult Act(LabSandbox lab, SignedDelegation delegation, DelegatePermissions action, string success)
    {
        var message = new DelegateAction(delegation.Encode(), LabSandbox.OtherPatient, action, lab.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        return AttackResult.Attempt(() =>
        {
            lab.Deployment.Cloud.ReceiveDelegateAction(message, lab.Transcript);
            // What the delegate was after: the patient's device side of a visit, run for the patient.
            lab.Visit().RunToEnd();
        }, success);
    }
}
