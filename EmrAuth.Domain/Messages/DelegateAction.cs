using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// A delegate's action for a patient, as the portal presents it to the public cloud: (Delegation_P || Sig_G, ID_G,
/// action, T_G). The delegate is a signed-in portal account, not a key holder; the public cloud checks that the
/// patient's signed delegation names that account and covers the action now, and that it was not revoked.
/// </summary>
public sealed record DelegateAction(byte[] Delegation, string DelegateId, DelegatePermissions Action, long SentAt) : ProtocolMessage
{
    public override long Timestamp => SentAt;

    public override IReadOnlyList<MessagePart> Parts() =>
    [
        MessagePart.Of("Delegation_P, Sig_G", PartKind.Clear, Delegation),
        MessagePart.Of("ID_G", PartKind.Clear, System.Text.Encoding.UTF8.GetBytes(DelegateId)),
        MessagePart.Of("Action", PartKind.Clear, System.Text.Encoding.UTF8.GetBytes(Action.ToString())),
        MessagePart.Of("T_G", PartKind.Timestamp, TimestampBytes(SentAt)),
    ];

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 => this with { Delegation = bytes },
        1 => this with { DelegateId = System.Text.Encoding.UTF8.GetString(bytes) },
        2 => this with { Action = Enum.TryParse<DelegatePermissions>(System.Text.Encoding.UTF8.GetString(bytes), out var action) ? action : DelegatePermissions.None },
        3 => this with { SentAt = ReadTimestamp(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}

/// <summary>
/// A statement the patient's device sends the public cloud to register: (Delegation_P || Sig_G, T) or
/// (Revocation_G || Sig_R, T), where T is when it was sent (the statement's own time is inside it).
/// </summary>
public sealed record PatientStatement(string StatementName, byte[] Statement, long SentAt) : ProtocolMessage
{
    public override long Timestamp => SentAt;

    public override IReadOnlyList<MessagePart> Parts() =>
    [
        MessagePart.Of(StatementName, PartKind.Clear, Statement),
        MessagePart.Of("T", PartKind.Timestamp, TimestampBytes(SentAt)),
    ];

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 => this with { Statement = bytes },
        1 => this with { SentAt = ReadTimestamp(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
