using EmrAuth.Domain.Evidence;

namespace EmrAuth.Domain.Transcript;

/// <summary>The scheme's phases, plus index registration and the architecture's step 4 (filing the diagnosis).</summary>
public enum Phase
{
    Registration,
    Indexing,
    Consultation,
    EmrSearch,
    Diagnosis,
    Filing,

    /// <summary>Patient-delegated EHR migration between hospitals (docs/ehr-migration.md; EmrAuth.Domain.Migration).</summary>
    Migration,

    /// <summary>Consent grants: the search under a patient-signed grant and its revocation (docs/access.md#consent-grants).</summary>
    Consent,
}

public enum PartyRole
{
    Patient,
    Doctor,
    HospitalCloud,
    PublicCloud,
    MedicalAuthority,
}

/// <summary>A party as the transcript names it.</summary>
public sealed record PartyRef(PartyRole Role, string Id)
{
    public override string ToString() => $"{Role} {Id}";
}

/// <summary>One ordered entry of a session's transcript.</summary>
public abstract record ProtocolEvent(Phase Phase, int Step, DateTimeOffset At)
{
    /// <summary>Position in the transcript, assigned when published.</summary>
    public long Sequence { get; init; }

    public string SessionId { get; init; } = "";
}

public enum PartKind
{
    Clear,
    Ciphertext,
    Signature,
    Timestamp,

    /// <summary>Sent over the registration's secure channel and never shown (an issued S_X).</summary>
    Secret,
}

/// <summary>One component of a message as it crossed the network. A secret part has a size but no bytes.</summary>
public sealed record MessagePart(string Name, PartKind Kind, int Size, byte[]? Bytes)
{
    public static MessagePart Of(string name, PartKind kind, byte[] bytes) => new(name, kind, bytes.Length, bytes);

    public static MessagePart Hidden(string name, int size) => new(name, PartKind.Secret, size, null);
}

/// <summary>How much of a recovered value a viewer may see.</summary>
public enum Sensitivity
{
    Public,
    Personal,
    Secret,
}

/// <summary>A value the receiver recovered from a message. Secrets are described, never included.</summary>
public sealed record RecoveredField(string Name, string Value, Sensitivity Sensitivity);

/// <summary>A message delivered from sender to receiver, with what the receiver recovered from it.</summary>
public sealed record MessageEvent(
    Phase Phase,
    int Step,
    DateTimeOffset At,
    PartyRef Sender,
    PartyRef Receiver,
    string Name,
    IReadOnlyList<MessagePart> Parts,
    IReadOnlyList<RecoveredField> Recovered) : ProtocolEvent(Phase, Step, At)
{
    public int Size => Parts.Sum(p => p.Size);
}

/// <summary>One check a party made, named by the paper's equation where it has one.</summary>
public sealed record VerificationEvent(
    Phase Phase,
    int Step,
    DateTimeOffset At,
    PartyRef Verifier,
    int? Equation,
    string Check,
    bool Passed,
    string Reason) : ProtocolEvent(Phase, Step, At)
{
    public string Reference => Equation is { } eq ? $"Eq. {eq}" : Check;

    /// <summary>For an accepted signature: what a third party needs to check it again (EmrAuth.Domain.Evidence).</summary>
    public SignatureEvidence? Evidence { get; init; }
}

/// <summary>How a phase ended for a party: completed, refused, or failed at a check.</summary>
public sealed record OutcomeEvent(
    Phase Phase,
    int Step,
    DateTimeOffset At,
    PartyRef Party,
    bool Succeeded,
    string Description) : ProtocolEvent(Phase, Step, At);
