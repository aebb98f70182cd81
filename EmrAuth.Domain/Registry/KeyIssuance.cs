namespace EmrAuth.Domain.Registry;

/// <summary>How a party's key pair (S_X, PUK_X = R_X + e_X·PK) was issued; recorded per party by both sides.</summary>
public enum KeyIssuance
{
    /// <summary>The paper's Eqs. 2–10: the public cloud picks r and computes S_X = r + e_X·s, so it knows S_X (docs/protocol.md#g-key-escrow).</summary>
    Escrowed,

    /// <summary>
    /// Implicit-certificate issuance in the style of SEC 4 / ECQV: the requester picks k_U and sends R_U = k_U·P; the
    /// public cloud adds k_C, publishes R_X = R_U + k_C·P and returns w = k_C + e_X·s; the requester computes
    /// S_X = k_U + w. PUK_X = R_X + e_X·PK as before, but the public cloud never sees k_U and cannot compute S_X.
    /// </summary>
    EscrowFree,
}
