using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

public enum AttackVerdict
{
    /// <summary>A party's check refused the attacker's message, or the attacker could not compute what it needed.</summary>
    Stopped,

    /// <summary>The attacker got what the attack aims at (shown in <see cref="AttackOutcome.Obtained"/>).</summary>
    Succeeded,
}

/// <summary>What the attack is aimed at.</summary>
public enum AttackTarget
{
    Visit,
    Migration,

    /// <summary>The target doctor's emergency access to the target patient's record (issue 14).</summary>
    BreakGlass,
}

/// <summary>
/// Active attacks inject or alter messages and run only in a <see cref="LabSandbox"/>; passive ones only read what
/// crossed the network (and, for key compromise, a leaked long-term key).
/// </summary>
public enum AttackKind
{
    Active,
    Passive,
}

/// <summary>
/// How one attack ended. <see cref="Where"/> names the check that stopped it ("Eq. 15", "Replay cache", …) or, for a
/// success, what gave way. <see cref="Obtained"/> holds only sandbox values. <see cref="Events"/> is the sandbox's
/// transcript, for the protocol view.
/// </summary>
public sealed record AttackOutcome(
    string AttackId,
    ProtocolProfile Profile,
    AttackVerdict Verdict,
    string Where,
    string Summary,
    IReadOnlyList<string> Obtained,
    IReadOnlyList<ProtocolEvent> Events,
    EavesdropperReport? Eavesdropper = null)
{
    /// <summary>The refused check, when a party's check stopped the attack.</summary>
    public VerificationEvent? FailedCheck => Events.OfType<VerificationEvent>().LastOrDefault(v => !v.Passed);

    /// <summary>One line: "stopped at Eq. 15 (…)" or "succeeded: …".</summary>
    public string Headline => Verdict == AttackVerdict.Stopped ? $"stopped at {Where}" : $"succeeded: {Where}";
}

/// <summary>What an attack step produced before the lab attaches the sandbox's events.</summary>
internal sealed record AttackResult(AttackVerdict Verdict, string Where, string Summary, IReadOnlyList<string> Obtained, EavesdropperReport? Eavesdropper = null)
{
    public static AttackResult Stopped(string where, string summary) => new(AttackVerdict.Stopped, where, summary, []);

    public static AttackResult Succeeded(string where, string summary, params string[] obtained) => new(AttackVerdict.Succeeded, where, summary, obtained);

    /// <summary>
    /// Runs the attacker's delivery and whatever honest steps follow it. A refused check or a session that cannot take
    /// the message stops the attack; if everything is accepted, the attacker's message went through.
    /// </summary>
    public static AttackResult Attempt(Action attack, string successSummary)
    {
        try
        {
            attack();
        }
        catch (ProtocolViolationException e)
        {
            var check = e.FailedCheck;
            return Stopped(check.Reference, $"{check.Verifier} refused it at {check.Reference} ({check.Check}): {check.Reason}");
        }
        catch (ProtocolStateException e)
        {
            return Stopped("Session state", $"refused before any check: {e.Message}");
        }
        return Succeeded("every check passed", successSummary);
    }
}
