namespace EmrAuth.Domain.Messages;

/// <summary>Doctor → public cloud: (C_D2, Sig_D2, T_D2), Eqs. 25–26.</summary>
public sealed record IndexQuery(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_D2", "Sig_D2", "T_D2");
}

/// <summary>Public cloud → doctor: (C_C, Sig_C, T_C), Eqs. 29–30.</summary>
public sealed record IndexAnswer(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_C", "Sig_C", "T_C");
}

/// <summary>Doctor → hospital cloud: (C_D3, Sig_D3, T_D3), Eqs. 34–35.</summary>
public sealed record HospitalAccessRequest(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_D3", "Sig_D3", "T_D3");
}

/// <summary>Hospital cloud → doctor: (C_HPC1, Sig_HPC1, T_HPC1), Eqs. 40–41.</summary>
public sealed record HospitalAccessResponse(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_HPC1", "Sig_HPC1", "T_HPC1");
}

/// <summary>Doctor → hospital cloud: (C_D4, T_D4), Eq. 45.</summary>
public sealed record RecordRequest(byte[] Ciphertext, long SentAt) : SealedMessage(Ciphertext, SentAt)
{
    protected override (string, string) PartNames => ("C_D4", "T_D4");
}

/// <summary>Hospital cloud → doctor: (C_HPC2, T_HPC2) carrying M_EMR, Eq. 47.</summary>
public sealed record RecordDelivery(byte[] Ciphertext, long SentAt) : SealedMessage(Ciphertext, SentAt)
{
    protected override (string, string) PartNames => ("C_HPC2", "T_HPC2");
}
