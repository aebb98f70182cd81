using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Domain.Messages;

/// <summary>Doctor → public cloud: (C_BG1, Sig_BG, T_BG), C_BG1 = E_PUK_C(BG_D).</summary>
public sealed record BreakGlassRequest(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_BG1", "Sig_BG", "T_BG");
}

/// <summary>Public cloud → the emergency's hospital: (C_BG2, Sig_CBG, T_CBG), C_BG2 = E_PUK_HPC(BG_D || Sig_BG || T_CBG).</summary>
public sealed record BreakGlassForward(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_BG2", "Sig_CBG", "T_CBG");
}

/// <summary>Hospital → the doctor who signed BG_D: (C_BG3, Sig_HBG, T_HBG), C_BG3 = E_PUK_D(ID_HPC || h(BG_D) || M_EMR || T_HBG).</summary>
public sealed record BreakGlassRelease(byte[] Ciphertext, byte[] Signature, long SentAt) : SignedMessage(Ciphertext, Signature, SentAt)
{
    protected override (string, string, string) PartNames => ("C_BG3", "Sig_HBG", "T_HBG");
}

/// <summary>The plaintext of C_BG2: BG_D || Sig_BG || T_CBG, so the hospital checks the doctor's signature itself.</summary>
public sealed record BreakGlassForwardContent(BreakGlassStatement Statement, byte[] DoctorSignature, long TCBG)
{
    public byte[] Encode() => new FieldWriter().Add(Statement.Encode()).Add(DoctorSignature).Add(TCBG).ToArray();

    public static BreakGlassForwardContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new BreakGlassForwardContent(BreakGlassStatement.Decode(r.ReadBytes()), r.ReadBytes(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>The plaintext of C_BG3: ID_HPC || h(BG_D) || M_EMR || T_HBG.</summary>
public sealed record BreakGlassReleaseContent(string HospitalId, byte[] StatementDigest, string MedicalRecord, long THBG)
{
    public byte[] Encode() => new FieldWriter().Add(HospitalId).Add(StatementDigest).Add(MedicalRecord).Add(THBG).ToArray();

    public static BreakGlassReleaseContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new BreakGlassReleaseContent(r.ReadString(), r.ReadBytes(), r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>What the three break-glass signatures cover; each payload starts with its name, as in <see cref="SignedContents"/>.</summary>
public static class BreakGlassContents
{
    /// <summary>Sig_BG over "Sig_BG" || BG_D, named "Sig_BG (hardened)" in the hardened profile so a statement cannot cross profiles.</summary>
    public static byte[] Request(BreakGlassStatement statement, ProtocolProfile profile) =>
        new FieldWriter().Add(profile == ProtocolProfile.Hardened ? "Sig_BG (hardened)" : "Sig_BG").Add(statement.Encode()).ToArray();

    /// <summary>Sig_CBG over "Sig_CBG" || h(BG_D) || ID_HPC || T_CBG: the public cloud found the record at this hospital.</summary>
    public static byte[] Forward(byte[] statementDigest, string hospitalId, long tCbg) =>
        new FieldWriter().Add("Sig_CBG").Add(statementDigest).Add(hospitalId).Add(tCbg).ToArray();

    /// <summary>Sig_HBG over "Sig_HBG" || h(BG_D) || ID_HPC || h(C_BG3) || T_HBG: this hospital released this ciphertext for this statement.</summary>
    public static byte[] Release(byte[] statementDigest, string hospitalId, byte[] ciphertext, long tHbg) =>
        new FieldWriter().Add("Sig_HBG").Add(statementDigest).Add(hospitalId).Add(Hashing.Digest(ciphertext)).Add(tHbg).ToArray();
}
