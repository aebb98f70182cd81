using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;

namespace EmrAuth.Domain.Attacks;

/// <summary>
/// Break-glass misused (issue 14): the target doctor opens the target patient's record in an emergency without the
/// patient's device, where Cert_D, the time box, the replay cache or the emergency's hospital must stop it.
/// </summary>
internal static class BreakGlassAttacks
{
    public const string Reason = "Found unresponsive in the emergency room (attack lab).";

    /// <summary>Cert_D with its genuine fields, signed by an authority key the attacker made.</summary>
    public static AttackResult ForgedCertificate(LabSandbox lab)
    {
        using var rogueKey = PrivateKey.Generate();
        var doctor = lab.Doctor;
        doctor.PresentedCertificate = doctor.Certificate with { AuthoritySignature = rogueKey.Sign(doctor.Certificate.SignedContent()) };
        return AttackResult.Attempt(() => Run(lab, Request(lab)), "the hospital released the record under a Cert_D the medical authority never signed");
    }

    /// <summary>The medical authority revoked Cert_D; the doctor still breaks the glass with it.</summary>
    public static AttackResult RevokedCertificate(LabSandbox lab)
    {
        lab.Deployment.Authority.Revoke(lab.Doctor.Certificate.Serial, "licence suspended (attack lab)");
        return AttackResult.Attempt(() => Run(lab, Request(lab)), "the hospital released the record to a doctor whose Cert_D is revoked");
    }

    /// <summary>An honest access, then a re-opening of the same time box a minute after it ended.</summary>
    public static AttackResult AfterTimeBox(LabSandbox lab)
    {
        var first = Request(lab);
        Run(lab, first);
        lab.Clock.Advance(lab.Deployment.Options.BreakGlassTimeBox + TimeSpan.FromMinutes(1));
        return AttackResult.Attempt(() => Run(lab, Request(lab, startsAt: first.Statement.StartsAt)), "the record was released after the time box ended");
    }

    /// <summary>The doctor's accepted (C_BG1, Sig_BG, T_BG) sent to the public cloud again 5 s later.</summary>
    public static AttackResult Replayed(LabSandbox lab)
    {
        var request = Request(lab);
        Run(lab, request);
        lab.Clock.Advance(TimeSpan.FromSeconds(5));
        return AttackResult.Attempt(() => Run(lab, request), "a copy of the request opened the record a second time");
    }

    /// <summary>The emergency is at <see cref="LabSandbox.OtherHospital"/>, but the patient's record is held by the target hospital.</summary>
    public static AttackResult OtherHospitalsPatient(LabSandbox lab) =>
        AttackResult.Attempt(() => Run(lab, Request(lab, LabSandbox.OtherHospital)), "break-glass at one hospital released a record another hospital holds");

    private static (BreakGlassStatement Statement, BreakGlassRequest Message) Request(LabSandbox lab, string? hospitalId = null, long? startsAt = null) =>
        lab.Doctor.RequestBreakGlass(lab.Target.PatientId, hospitalId ?? lab.Target.HospitalId, lab.Target.DepartmentId, BreakGlassReason.UnconsciousOrUnresponsive,
            Reason, restrictedConfirmed: false, lab.Profile, startsAt);

    /// <summary>The three hops: doctor → public cloud → the named hospital → doctor.</summary>
    private static void Run(LabSandbox lab, (BreakGlassStatement Statement, BreakGlassRequest Message) request)
    {
        var forward = lab.Deployment.Cloud.ForwardBreakGlass(request.Message, lab.Doctor.Ref, lab.Transcript, lab.Profile);
        var release = lab.Deployment.Hospitals[request.Statement.HospitalId].ReleaseBreakGlass(forward, lab.Transcript, lab.Profile);
        lab.Doctor.OpenBreakGlassRelease(release, request.Statement, lab.Transcript, lab.Profile);
    }
}
