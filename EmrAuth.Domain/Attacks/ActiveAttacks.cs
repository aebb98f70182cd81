using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>Which part of which message a man in the middle alters (one bit, in transit).</summary>
public sealed record TamperChoice(Hop Hop, int Part)
{
    public static TamperChoice Default { get; } = new(Hop.C_D1, 0);

    /// <summary>The parts of the message received at <paramref name="hop"/>, in <see cref="ProtocolMessage.Parts"/> order.</summary>
    public static IReadOnlyList<string> PartsOf(Hop hop, ProtocolProfile profile = ProtocolProfile.Paper) => hop switch
    {
        Hop.C_P2 or Hop.C_D4 or Hop.C_HPC2 or Hop.C_D5 => [hop.ToString(), $"T_{hop.ToString()[2..]}"],
        Hop.FilingAtCloud or Hop.FilingAtHospital => [profile == ProtocolProfile.Hardened ? "C_R" : "ID_HPC", "C_D6", "T_D6"],
        Hop.Done => [],
        _ => [hop.ToString(), $"Sig_{hop.ToString()[2..]}", $"T_{hop.ToString()[2..]}"],
    };
}

/// <summary>Replays, delays, reordering, swaps between sessions, tampering and bad certificates against real party code.</summary>
internal static class ActiveAttacks
{
    /// <summary>A copy of C_P1, already accepted by the doctor, delivered again a few seconds later (inside ΔT).</summary>
    public static AttackResult ReplayInsideWindow(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_P1);
        var request = run.Pending;
        run.Deliver(request);
        lab.Clock.Advance(TimeSpan.FromSeconds(5));
        return AttackResult.Attempt(() => run.Receive(Hop.C_P1, request), "the doctor opened a second consultation for the copied request");
    }

    /// <summary>The same copy delivered after ΔT, when the replay cache no longer needs to remember it.</summary>
    public static AttackResult ReplayOutsideWindow(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_P1);
        var request = run.Pending;
        run.Deliver(request);
        lab.Clock.Advance(lab.FreshnessWindow + TimeSpan.FromSeconds(1));
        return AttackResult.Attempt(() => run.Receive(Hop.C_P1, request), "the doctor opened a second consultation for the copied request");
    }

    /// <summary>A genuine C_P1 held back longer than ΔT before it is delivered (a stale T_P1).</summary>
    public static AttackResult StaleTimestamp(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_P1);
        var request = run.Pending;
        lab.Clock.Advance(lab.FreshnessWindow + TimeSpan.FromSeconds(1));
        return AttackResult.Attempt(() => run.Deliver(request), "the doctor accepted a request older than ΔT");
    }

    /// <summary>The patient sent two requests to the same doctor; the doctor's two answers are delivered in the opposite order.</summary>
    public static AttackResult Reorder(LabSandbox lab)
    {
        var first = lab.Visit().RunUntil(Hop.C_D1);
        var second = lab.Visit().RunUntil(Hop.C_D1);
        var (answerToFirst, answerToSecond) = (first.Pending, second.Pending);
        return AttackResult.Attempt(() =>
        {
            first.Deliver(answerToSecond);
            second.Deliver(answerToFirst);
        }, "each consultation accepted the other's answer");
    }

    /// <summary>
    /// The same doctor searches the same hospital for two patients at once; the hospital's answer (C_HPC1) of the other
    /// search is delivered into this one. Sig_HPC1 (Eq. 41) names no session, so only the session key can tell.
    /// </summary>
    public static AttackResult CrossSession(LabSandbox lab)
    {
        var run = lab.Visit().RunUntil(Hop.C_HPC1);
        var other = lab.Visit(LabSandbox.OtherPatient, lab.Target.DoctorId).RunUntil(Hop.C_HPC1);
        var stolen = other.Pending;
        return AttackResult.Attempt(() => run.Deliver(stolen),
            "the doctor accepted another session's C_HPC1: SEK_2 of that session now protects this one");
    }

    /// <summary>One bit of one part flipped in transit; the run then goes on with genuine messages.</summary>
    public static AttackResult Tamper(LabSandbox lab, TamperChoice choice)
    {
        var run = lab.Visit();
        if (!run.Route.Contains(choice.Hop))
        {
            throw new ArgumentException($"{choice.Hop} is not a message of an accepted visit.", nameof(choice));
        }
        run.RunUntil(choice.Hop);
        var genuine = run.Pending;
        var parts = genuine.Parts();
        if (choice.Part < 0 || choice.Part >= parts.Count)
        {
            throw new ArgumentException($"{genuine.Name} has {parts.Count} parts; part {choice.Part} does not exist.", nameof(choice));
        }
        var part = parts[choice.Part];
        var flip = part.Kind == PartKind.Timestamp ? Flip.LastByteBit0 : Flip.MiddleByte;
        var tampered = genuine.WithPart(choice.Part, flip.Apply(part.Bytes!));
        return AttackResult.Attempt(() =>
        {
            run.Deliver(tampered);
            run.RunToEnd();
        }, $"the visit completed with {part.Name} altered in transit");
    }

    /// <summary>The doctor presents a Cert_D with the genuine fields, signed by an authority key the attacker made.</summary>
    public static AttackResult ForgedCertificate(LabSandbox lab)
    {
        var doctor = lab.Doctor;
        using var rogueKey = PrivateKey.Generate();
        doctor.PresentedCertificate = doctor.Certificate with { AuthoritySignature = rogueKey.Sign(doctor.Certificate.SignedContent()) };
        return AttackResult.Attempt(() => lab.Visit().RunToEnd(), "the visit completed with a Cert_D the medical authority never signed");
    }

    /// <summary>The medical authority revoked the doctor's Cert_D before the visit; the doctor still presents it.</summary>
    public static AttackResult RevokedCertificate(LabSandbox lab)
    {
        lab.Deployment.Authority.Revoke(lab.Doctor.Certificate.Serial, "licence suspended (attack lab)");
        return AttackResult.Attempt(() => lab.Visit().RunToEnd(), "the visit completed with a revoked Cert_D");
    }

    /// <summary>The patient's proof presentation (M5), accepted by the source, delivered to it a second time.</summary>
    public static AttackResult ReplayMigrationProof(LabSandbox lab)
    {
        var run = lab.Migration().RunUntil(MigrationHop.M5);
        var presentation = (ProofPresentation)run.Pending;
        run.Deliver(presentation);
        return AttackResult.Attempt(() => run.Source.ReceiveProofPresentation(presentation, run.Patient.Ref, lab.Transcript),
            "the source started a second transfer of the record from one proof");
    }

    /// <summary>One bit of the encrypted record (C_EHR of M6) flipped on its way to the destination.</summary>
    public static AttackResult TamperMigrationTransfer(LabSandbox lab)
    {
        var run = lab.Migration().RunUntil(MigrationHop.M6);
        var transfer = run.Pending;
        var index = transfer.Parts().ToList().FindIndex(p => p.Name == "C_EHR");
        var tampered = transfer.WithPart(index, Flip.MiddleByte.Apply(transfer.Parts()[index].Bytes!));
        return AttackResult.Attempt(() =>
        {
            run.Deliver(tampered);
            run.RunToEnd();
        }, "the destination stored an altered record");
    }
}
