using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// Label_S: a statement that one record entry is restricted (HL7 confidentiality code "R", e.g. mental health), signed
/// by the party who decides: the doctor filing the diagnosis (PRK_D, Sig_L travels inside C_D6 beside Sig_D6, which keeps
/// its bytes) or the hospital private cloud on an administrator's word (PRK_HPC). Signed bytes:
/// "Label_S" || ID_P || ID_DE || h(entry) || code || role of the signer || ID of the signer || T_L, where h(entry) is
/// <see cref="DigestOf"/>: the label names one entry and cannot be moved to another.
/// </summary>
public sealed record SensitivityLabel(string PatientId, string DepartmentId, byte[] EntryDigest, PartyRole SignerRole, string SignerId, long IssuedAt)
{
    /// <summary>The named check of every label verification.</summary>
    public const string Check = "Sensitivity label (signed)";

    /// <summary>The named check of the hospital's release filter: which restricted entries left, and under what.</summary>
    public const string ReleaseCheck = "Restricted entries (release filter)";

    /// <summary>HL7 v3 Confidentiality "R" (restricted), the only level this deployment distinguishes from normal.</summary>
    public const string Restricted = "R";

    public byte[] Encode() =>
        new FieldWriter().Add("Label_S").Add(PatientId).Add(DepartmentId).Add(EntryDigest).Add(Restricted).Add(SignerRole.ToString()).Add(SignerId).Add(IssuedAt).ToArray();

    public static SensitivityLabel Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != "Label_S")
        {
            throw new MalformedMessageException("not a Label_S statement");
        }
        var (patientId, departmentId, digest) = (r.ReadString(), r.ReadString(), r.ReadBytes());
        if (r.ReadString() != Restricted)
        {
            throw new MalformedMessageException("a label's confidentiality code is not R");
        }
        var roleName = r.ReadString();
        // Any role decodes (one encoding per value); the hospital's check accepts only a doctor or a hospital as signer.
        var role = Enum.TryParse<PartyRole>(roleName, out var parsed) && parsed.ToString() == roleName
            ? parsed
            : throw new MalformedMessageException("a label's signer role is unknown");
        var label = new SensitivityLabel(patientId, departmentId, digest, role, r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return label;
    }

    /// <summary>
    /// h(entry) = SHA-256("RecordEntry" || ID_P || ID_DE || T (Unix ms) || author || text). The doctor computes it for the
    /// diagnosis it files (T = T_D6, author = ID_D), the hospital for any entry it holds.
    /// </summary>
    public static byte[] DigestOf(string patientId, string departmentId, RecordEntry entry) =>
        Hashing.Digest(new FieldWriter().Add("RecordEntry").Add(patientId).Add(departmentId).Add(entry.At.ToUnixTimeMilliseconds()).Add(entry.Author).Add(entry.Text).ToArray());

    /// <summary>Whether this label names <paramref name="entry"/> of this patient's record in this department.</summary>
    public bool Names(string patientId, string departmentId, RecordEntry entry) =>
        PatientId == patientId && DepartmentId == departmentId
        && CryptographicOperations.FixedTimeEquals(EntryDigest, DigestOf(patientId, departmentId, entry));

    public override string ToString() => $"restricted ({SignerRole} {SignerId})";

    /// <summary>The release filter's outcome in words, for its check record; <paramref name="authorization"/> names what decided.</summary>
    public static string DescribeRelease(ReleasedRecord released, string authorization)
    {
        var restricted = released.Record.Entries.Count(e => e.Restricted);
        return (restricted, released.Withheld) switch
        {
            (0, 0) => "the record holds no restricted entry",
            (_, 0) => $"{restricted} restricted {Entries(restricted)} released: {authorization} names restricted data",
            _ => $"{released.Withheld} restricted {Entries(released.Withheld)} withheld: {authorization} does not name restricted data",
        };
    }

    private static string Entries(int count) => count == 1 ? "entry" : "entries";
}

/// <summary>Label_S || Sig_L, as it travels (in C_D6) and as the hospital stores it with the entry.</summary>
public sealed record SignedSensitivityLabel(SensitivityLabel Label, byte[] Signature)
{
    public byte[] Encode() => new FieldWriter().Add(Label.Encode()).Add(Signature).ToArray();

    public static SignedSensitivityLabel Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var signed = new SignedSensitivityLabel(SensitivityLabel.Decode(r.ReadBytes()), r.ReadBytes());
        r.EnsureEnd();
        return signed;
    }
}
