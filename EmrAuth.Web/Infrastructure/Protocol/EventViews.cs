using System.Text.Json.Serialization;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Web.Infrastructure.Protocol;

public sealed record PartyView(string Role, string Id)
{
    public static PartyView From(PartyRef party) => new(party.Role.ToString(), party.Id);

    public override string ToString() => $"{Role} {Id}";
}

/// <summary>A message part as it crossed the network: hex for what is shown, null for a secret part.</summary>
public sealed record PartView(string Name, string Kind, int Size, string? Hex);

/// <summary>A value the receiver recovered. Sensitivity decides who may see it (Public, Personal, Secret).</summary>
public sealed record RecoveredView(string Name, string Value, string Sensitivity);

/// <summary>
/// A transcript event as the portal shows and stores it. Built from the domain's events; stored as sealed JSON
/// because recovered values can hold M_SD, M_EMR or M_DINF.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MessageView), "message")]
[JsonDerivedType(typeof(VerificationView), "verification")]
[JsonDerivedType(typeof(OutcomeView), "outcome")]
public abstract record EventView(long Sequence, string Phase, int Step, DateTimeOffset At)
{
    public static EventView From(ProtocolEvent e) => e switch
    {
        MessageEvent m => new MessageView(m.Sequence, m.Phase.ToString(), m.Step, m.At, PartyView.From(m.Sender), PartyView.From(m.Receiver), m.Name,
            m.Parts.Select(p => new PartView(p.Name, p.Kind.ToString(), p.Size, p.Bytes is null ? null : Convert.ToHexString(p.Bytes))).ToList(),
            m.Recovered.Select(r => new RecoveredView(r.Name, r.Value, r.Sensitivity.ToString())).ToList()),
        VerificationEvent v => new VerificationView(v.Sequence, v.Phase.ToString(), v.Step, v.At, PartyView.From(v.Verifier), v.Equation, v.Check, v.Passed, v.Reason,
            v.Evidence),
        OutcomeEvent o => new OutcomeView(o.Sequence, o.Phase.ToString(), o.Step, o.At, PartyView.From(o.Party), o.Succeeded, o.Description),
        _ => throw new ArgumentException($"Unknown event {e.GetType().Name}"),
    };
}

public sealed record MessageView(long Sequence, string Phase, int Step, DateTimeOffset At, PartyView Sender, PartyView Receiver, string Name,
    IReadOnlyList<PartView> Parts, IReadOnlyList<RecoveredView> Recovered) : EventView(Sequence, Phase, Step, At)
{
    public int Size => Parts.Sum(p => p.Size);
}

/// <summary>A check; an accepted signature carries its public evidence (transcripts stored before it have none).</summary>
public sealed record VerificationView(long Sequence, string Phase, int Step, DateTimeOffset At, PartyView Verifier, int? Equation, string Check,
    bool Passed, string Reason, SignatureEvidence? Evidence = null) : EventView(Sequence, Phase, Step, At)
{
    public string Reference => Equation is { } eq ? $"Eq. {eq}" : Check;
}

public sealed record OutcomeView(long Sequence, string Phase, int Step, DateTimeOffset At, PartyView Party, bool Succeeded, string Description)
    : EventView(Sequence, Phase, Step, At);
