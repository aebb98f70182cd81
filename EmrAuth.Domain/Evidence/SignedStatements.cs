namespace EmrAuth.Domain.Evidence;

/// <summary>How much of a signed content may leave the parties that saw it.</summary>
public enum Disclosure
{
    /// <summary>Every signed field is public: the exact signed bytes are exported.</summary>
    Full,

    /// <summary>A secret, high-entropy field is signed: only SHA-256 of the signed bytes is exported.</summary>
    DigestOnly,

    /// <summary>Low-entropy plaintext is signed: even its digest would let anyone guess it, so nothing is exported.</summary>
    Withheld,
}

/// <summary>What one signature covers, and what of it may be published.</summary>
public sealed record SignedStatement(string Name, string Covers, Disclosure Disclosure, string? WithheldField);

/// <summary>
/// Every signature the scheme makes, with the fields it covers in signing order (each content starts with the
/// signature's name, see SignedContents). Decides per signature what an evidence bundle may contain.
/// </summary>
public static class SignedStatements
{
    private static readonly Dictionary<string, SignedStatement> Known = new[]
    {
        new SignedStatement("Sig_P1", "\"Sig_P1\" || R_P1 || ID_P || R_P2 || B_P || PK || T_P1 (Eq. 13)", Disclosure.DigestOnly,
            "B_P, the patient's biometric password"),
        new SignedStatement("Sig_D1", "\"Sig_D1\" || R_D2 || ID_D || T_D1 || Cert_D || SEK_1 || PK (Eq. 19)", Disclosure.DigestOnly,
            "SEK_1, the consultation's session key"),
        new SignedStatement("Sig_D1r", "\"Sig_D1r\" || ID_D || R_P2 || reason || T (the refusal)", Disclosure.Full, null),
        new SignedStatement("Sig_D2", "\"Sig_D2\" || S_D || T_D2 || ID_P || ID_DE || ID_D (Eq. 26)", Disclosure.DigestOnly,
            "S_D, the doctor's private key (docs/protocol.md#g-key-escrow)"),
        new SignedStatement("Sig_C", "\"Sig_C\" || ID_DE || S_D || ID_HPC || T_C (Eq. 30)", Disclosure.DigestOnly,
            "S_D, the doctor's private key (docs/protocol.md#g-key-escrow)"),
        new SignedStatement("Sig_D3", "\"Sig_D3\" || PK || T_D3 || ID_P || R_D3 || R_D1 (Eq. 35)", Disclosure.Full, null),
        new SignedStatement("Sig_HPC1", "\"Sig_HPC1\" || PK || T_HPC1 || ID_HPC (Eq. 41)", Disclosure.Full, null),
        new SignedStatement("Sig_HPC0", "\"Sig_HPC0\" || ID_HPC || h(ID_P || ID_DE) || T_HPC0 (index registration)", Disclosure.Full, null),
        new SignedStatement("Sig_D6", "\"Sig_D6\" || ID_P || ID_DE || c || ID_D || T_D6 (the filed diagnosis; c = h(k || M_DINF), k only in the record)",
            Disclosure.Full, null),
        new SignedStatement("Sig_P1 (hardened)", "\"Sig_P1 (hardened)\" || R_P1 || ID_P || R_P2 || B_P || PK || T_P1", Disclosure.DigestOnly,
            "B_P, the patient's biometric password"),
        new SignedStatement("Sig_D1 (hardened)", "\"Sig_D1 (hardened)\" || R_P2 || R_D2 || ID_D || T_D1 || Cert_D || Tag_D1 || PK", Disclosure.Full, null),
        new SignedStatement("Sig_D2 (hardened)", "\"Sig_D2 (hardened)\" || PUK_D || T_D2 || ID_P || ID_DE || ID_D", Disclosure.Full, null),
        new SignedStatement("Sig_C (hardened)", "\"Sig_C (hardened)\" || ID_DE || PUK_D || ID_HPC || T_C || h(C_D2, Sig_D2, T_D2)", Disclosure.Full, null),
        new SignedStatement("Sig_D3 (hardened)", "\"Sig_D3 (hardened)\" || PK || T_D3 || ID_P || R_D3 || R_D1", Disclosure.Full, null),
        new SignedStatement("Sig_HPC1 (hardened)", "\"Sig_HPC1 (hardened)\" || PK || T_HPC1 || ID_HPC || R_D3 || R_HPC2 || Tag_HPC1", Disclosure.Full, null),
        // Issue 11, finding 2: ids and department names only, as Sig_D3 shows ID_P.
        new SignedStatement("Scope_P", "\"Scope_P\" || ID_P || ID_D || n || ID_DE_1 || … || ID_DE_n || T_P1 (Sig_PS, the visit's search scope)", Disclosure.Full, null),
        new SignedStatement("Scope_C", "\"Scope_C\" || ID_P || ID_D || ID_HPC || PUK_P || h(Scope_P) || T_C (Sig_CS, PUK_P vouched by the public cloud)", Disclosure.Full, null),
        new SignedStatement("Cert_D", "\"Cert_D v1\" || serial || ID_D || ID_DE || not before || not after (ms since 1970)", Disclosure.Full, null),
        new SignedStatement("Directory", "\"Directory v2\" || version || (ID || role || R) per hospital, (ID || role || R || Cert_D) per doctor", Disclosure.Full, null),
        new SignedStatement("Revocations", "\"CRL v1\" || version || issued at || (serial || revoked at || reason) per revoked Cert_D", Disclosure.Full, null),
    }.ToDictionary(s => s.Name);

    /// <summary>An unknown signature is withheld: publishing what nobody has classified could leak a secret.</summary>
    public static SignedStatement Of(string name) =>
        Known.TryGetValue(name, out var statement) ? statement : new SignedStatement(name, "not classified", Disclosure.Withheld, "unclassified content");
}
