namespace EmrAuth.Domain.Messages;

/// <summary>Patient → doctor: (C_P1, Sig_P1, T_P1), Eqs. 12–13.</summary>
public sealed record ConsultationRequest(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_P1", "Sig_P1", "T_P1");
}

/// <summary>Doctor → patient: (C_D1, Sig_D1, T_D1), Eqs. 18–19.</summary>
public sealed record ConsultationResponse(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_D1", "Sig_D1", "T_D1");
}

/// <summary>
/// Doctor → patient when the doctor declines the visit (the paper is silent; docs/protocol.md#d-refusal):
/// the reason and a signature by PRK_D over it, the request's R_P2 and the timestamp.
/// </summary>
public sealed record ConsultationRefusal(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_D1r", "Sig_D1r", "T_D1r");
}

/// <summary>Patient → doctor: (C_P2, T_P2) carrying M_SD, Eq. 23.</summary>
public sealed record SensorReadings(byte[] Ciphertext, long SentAt) : SealedMessage(Ciphertext, SentAt)
{
    protected override (string, string) PartNames => ("C_P2", "T_P2");
}

/// <summary>Doctor → patient: (C_D5, T_D5) carrying M_DINF, Eq. 49.</summary>
public sealed record DiagnosisMessage(byte[] Ciphertext, long SentAt) : SealedMessage(Ciphertext, SentAt)
{
    protected override (string, string) PartNames => ("C_D5", "T_D5");
}
