using System.Buffers.Binary;
using System.Text;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>
/// The migration proof Π = (PS_P, ID_S, ID_D, ID_DE, h(EHR), T_nb, T_na, N_TTPH, Sig_TTPH). It travels as nine
/// message parts, so a man in the middle can alter any one of them; Sig_TTPH covers the first eight.
/// </summary>
public sealed record MigrationProof(
    byte[] Pseudonym,
    string SourceId,
    string DestinationId,
    string DepartmentId,
    byte[] RecordDigest,
    long NotBefore,
    long NotAfter,
    byte[] Nonce,
    byte[] Signature)
{
    public const int FieldCount = 9;
    public const int NonceLength = 16;

    internal static readonly (string Name, PartKind Kind)[] Layout =
    [
        ("PS_P", PartKind.Clear), ("ID_S", PartKind.Clear), ("ID_D", PartKind.Clear), ("ID_DE", PartKind.Clear),
        ("h(EHR)", PartKind.Clear), ("T_nb", PartKind.Clear), ("T_na", PartKind.Clear), ("N_TTPH", PartKind.Clear),
        ("Sig_TTPH", PartKind.Signature),
    ];

    public byte[] SignedContent() => new FieldWriter().Add("Sig_TTPH v1").Add(Pseudonym).Add(SourceId).Add(DestinationId)
        .Add(DepartmentId).Add(RecordDigest).Add(NotBefore).Add(NotAfter).Add(Nonce).ToArray();

    /// <summary>h(Π): the digest every later signature binds to.</summary>
    public byte[] Digest() => Hashing.Digest(new FieldWriter().Add(SignedContent()).Add(Signature).ToArray());

    public string NonceHex => Convert.ToHexString(Nonce);

    /// <summary>Π as stored (the nine parts, length-prefixed).</summary>
    public byte[] Encode() => Fields().Aggregate(new FieldWriter(), (w, f) => w.Add(f)).ToArray();

    public static MigrationProof Decode(byte[] encoded)
    {
        var reader = new FieldReader(encoded);
        var fields = Enumerable.Range(0, FieldCount).Select(_ => reader.ReadBytes()).ToArray();
        reader.EnsureEnd();
        return FromFields(fields, 0);
    }

    internal byte[][] Fields() =>
    [
        Pseudonym, Encoding.UTF8.GetBytes(SourceId), Encoding.UTF8.GetBytes(DestinationId), Encoding.UTF8.GetBytes(DepartmentId),
        RecordDigest, MigrationMessage.Int64(NotBefore), MigrationMessage.Int64(NotAfter), Nonce, Signature,
    ];

    /// <summary>Reads Π back from message parts; text is decoded leniently so an altered byte fails Sig_TTPH, not parsing.</summary>
    internal static MigrationProof FromFields(byte[][] fields, int offset) => new(
        fields[offset], Encoding.UTF8.GetString(fields[offset + 1]), Encoding.UTF8.GetString(fields[offset + 2]),
        Encoding.UTF8.GetString(fields[offset + 3]), fields[offset + 4], MigrationMessage.ReadInt64(fields[offset + 5]),
        MigrationMessage.ReadInt64(fields[offset + 6]), fields[offset + 7], fields[offset + 8]);
}

/// <summary>A migration message: named parts held as bytes, the timestamp always last.</summary>
public abstract record MigrationMessage : ProtocolMessage
{
    protected MigrationMessage(byte[][] fields)
    {
        if (fields.Length != LayoutLength)
        {
            throw new ArgumentException($"{GetType().Name} has {LayoutLength} parts, not {fields.Length}.", nameof(fields));
        }
        Fields = fields;
    }

    public byte[][] Fields { get; private init; }

    internal abstract (string Name, PartKind Kind)[] Layout { get; }

    private int LayoutLength => Layout.Length;

    public override long Timestamp => ReadInt64(Fields[^1]);

    public override IReadOnlyList<MessagePart> Parts() => Layout.Select((l, i) => MessagePart.Of(l.Name, l.Kind, Fields[i])).ToArray();

    public override ProtocolMessage WithPart(int index, byte[] bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Fields.Length);
        var copy = (byte[][])Fields.Clone();
        copy[index] = bytes;
        return this with { Fields = copy };
    }

    internal static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    internal static long ReadInt64(byte[] bytes) => bytes.Length == 8
        ? BinaryPrimitives.ReadInt64BigEndian(bytes)
        : throw new MalformedMessageException("a time field is 8 bytes");

    internal static (string, PartKind)[] WithProof(params (string, PartKind)[] rest) => [.. MigrationProof.Layout, .. rest];
}

/// <summary>M1 patient → TTPH: (C_M1, Sig_M1, T_M1).</summary>
public sealed record MigrationDelegation : MigrationMessage
{
    public MigrationDelegation(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout => [("C_M1", PartKind.Ciphertext), ("Sig_M1", PartKind.Signature), ("T_M1", PartKind.Timestamp)];
}

/// <summary>M2 TTPH → source: (C_M2, Sig_M2, T_M2), C_M2 = E_PUK_S(ID_P || PUK_P || ID_DE || PS_P || N_TTPH || T_M2).</summary>
public sealed record DigestRequest : MigrationMessage
{
    public DigestRequest(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout => [("C_M2", PartKind.Ciphertext), ("Sig_M2", PartKind.Signature), ("T_M2", PartKind.Timestamp)];
}

/// <summary>M3 source → TTPH: (PS_P, h(EHR), N_TTPH, Sig_M3, T_M3).</summary>
public sealed record DigestAnswer : MigrationMessage
{
    public DigestAnswer(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout =>
        [("PS_P", PartKind.Clear), ("h(EHR)", PartKind.Clear), ("N_TTPH", PartKind.Clear), ("Sig_M3", PartKind.Signature), ("T_M3", PartKind.Timestamp)];
}

/// <summary>M4 TTPH → patient: (Π, T_M4).</summary>
public sealed record ProofIssue : MigrationMessage
{
    public ProofIssue(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout => WithProof(("T_M4", PartKind.Timestamp));

    public MigrationProof Proof => MigrationProof.FromFields(Fields, 0);
}

/// <summary>M5 patient → source: (Π, Sig_M5, T_M5), Sig_M5 = Sign_PRK_P(h(Π) || T_M5).</summary>
public sealed record ProofPresentation : MigrationMessage
{
    public ProofPresentation(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout => WithProof(("Sig_M5", PartKind.Signature), ("T_M5", PartKind.Timestamp));

    public MigrationProof Proof => MigrationProof.FromFields(Fields, 0);
}

/// <summary>M6 source → destination: (Π, Cert_S, C_EHR, Sig_M6, T_M6), C_EHR = E_PUK_D(ID_P || ID_DE || EHR || T_M6).</summary>
public sealed record RecordTransfer : MigrationMessage
{
    public RecordTransfer(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout =>
        WithProof(("Cert_S", PartKind.Clear), ("C_EHR", PartKind.Ciphertext), ("Sig_M6", PartKind.Signature), ("T_M6", PartKind.Timestamp));

    public MigrationProof Proof => MigrationProof.FromFields(Fields, 0);
}

/// <summary>M7 destination → source: (h(Π), Sig_M7, T_M7), Sig_M7 = Sign_PRK_D(h(Π) || h(EHR) || T_M7).</summary>
public sealed record TransferReceipt : MigrationMessage
{
    public TransferReceipt(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout => [("h(Π)", PartKind.Clear), ("Sig_M7", PartKind.Signature), ("T_M7", PartKind.Timestamp)];
}

/// <summary>M8 source → destination: (h(Π), Sig_M8, T_M8): the source has stopped serving; the destination may serve.</summary>
public sealed record TransferCommit : MigrationMessage
{
    public TransferCommit(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout => [("h(Π)", PartKind.Clear), ("Sig_M8", PartKind.Signature), ("T_M8", PartKind.Timestamp)];
}

/// <summary>M9 source → patient: the destination's receipt forwarded with Cert_D: (Cert_D, h(Π), Sig_M7, T_M7).</summary>
public sealed record ReceiptForward : MigrationMessage
{
    public ReceiptForward(byte[][] fields) : base(fields)
    {
    }

    internal override (string, PartKind)[] Layout =>
        [("Cert_D", PartKind.Clear), ("h(Π)", PartKind.Clear), ("Sig_M7", PartKind.Signature), ("T_M7", PartKind.Timestamp)];
}

/// <summary>What each migration signature and ciphertext covers, built once for both sides; every payload starts with its name.</summary>
public static class MigrationContents
{
    /// <summary>PS_P = SHA-256("EmrAuth pseudonym v1" || ID_P || ID_DE): names the patient's record without the identity.</summary>
    public static byte[] Pseudonym(string patientId, string departmentId) =>
        Hashing.Digest(new FieldWriter().Add("EmrAuth pseudonym v1").Add(patientId).Add(departmentId).ToArray());

    public static byte[] DelegationSignature(byte[] ps, string sourceId, string destinationId, string departmentId, byte[] nonce, long t) =>
        new FieldWriter().Add("Sig_M1").Add(ps).Add(sourceId).Add(destinationId).Add(departmentId).Add(nonce).Add(t).ToArray();

    public static byte[] DigestRequestSignature(byte[] ps, string sourceId, CurvePoint patientKey, byte[] nonce, long t) =>
        new FieldWriter().Add("Sig_M2").Add(ps).Add(sourceId).Add(patientKey).Add(nonce).Add(t).ToArray();

    public static byte[] DigestAnswerSignature(byte[] ps, byte[] recordDigest, byte[] nonce, string sourceId, long t) =>
        new FieldWriter().Add("Sig_M3").Add(ps).Add(recordDigest).Add(nonce).Add(sourceId).Add(t).ToArray();

    public static byte[] PresentationSignature(byte[] proofDigest, long t) =>
        new FieldWriter().Add("Sig_M5").Add(proofDigest).Add(t).ToArray();

    public static byte[] TransferSignature(byte[] proofDigest, byte[] ciphertextDigest, long t) =>
        new FieldWriter().Add("Sig_M6").Add(proofDigest).Add(ciphertextDigest).Add(t).ToArray();

    public static byte[] ReceiptSignature(byte[] proofDigest, byte[] recordDigest, long t) =>
        new FieldWriter().Add("Sig_M7").Add(proofDigest).Add(recordDigest).Add(t).ToArray();

    public static byte[] CommitSignature(byte[] proofDigest, long t) =>
        new FieldWriter().Add("Sig_M8").Add(proofDigest).Add(t).ToArray();

    /// <summary>
    /// EHR as it is hashed and shipped: every entry exactly (ticks, offset, author, text, Sig_D6 or empty, k or empty
    /// [, Label_S || Sig_L or empty]). "EHR v1" (before the diagnosis commitment) had no k; it is still read, from storage
    /// written before. "EHR v3" adds each entry's sensitivity label; a record with no restricted entry is still written as
    /// "EHR v2", so its bytes (and digest) stay what they were.
    /// </summary>
    public static byte[] EncodeRecord(MedicalRecord record)
    {
        var labeled = record.Entries.Any(e => e.Restricted);
        var writer = new FieldWriter().Add(labeled ? "EHR v3" : "EHR v2").Add(record.PatientId).Add(record.DepartmentId).Add(record.Entries.Count);
        foreach (var entry in record.Entries)
        {
            writer.Add(entry.At.UtcTicks).Add((long)entry.At.Offset.TotalMinutes).Add(entry.Author).Add(entry.Text).Add(entry.AuthorSignature ?? []).Add(entry.CommitmentKey ?? []);
            if (labeled)
            {
                writer.Add(entry.Label?.Encode() ?? []);
            }
        }
        return writer.ToArray();
    }

    public static MedicalRecord DecodeRecord(byte[] encoded)
    {
        var reader = new FieldReader(encoded);
        var version = reader.ReadString();
        if (version is not ("EHR v1" or "EHR v2" or "EHR v3"))
        {
            throw new MalformedMessageException("the EHR has an unknown version");
        }
        var patientId = reader.ReadString();
        var departmentId = reader.ReadString();
        var count = reader.ReadInt64();
        if (count is < 0 or > 100_000)
        {
            throw new MalformedMessageException("the EHR's entry count is out of range");
        }
        var entries = new List<RecordEntry>();
        for (var i = 0; i < count; i++)
        {
            var ticks = reader.ReadInt64();
            var offset = reader.ReadInt64();
            // The local time (UTC plus the offset) must be a date too: 0001-01-01 00:00 UTC at -01:00 is not (found writing the fuzz targets).
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || offset is < -14 * 60 or > 14 * 60
                || ticks + offset * TimeSpan.TicksPerMinute is var local && (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks))
            {
                throw new MalformedMessageException("an EHR entry's time is out of range");
            }
            var at = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offset));
            var author = reader.ReadString();
            var text = reader.ReadString();
            var signature = reader.ReadBytes();
            var commitmentKey = version == "EHR v1" ? [] : reader.ReadBytes();
            var label = version == "EHR v3" ? reader.ReadBytes() : [];
            entries.Add(new RecordEntry(at, author, text, signature.Length == 0 ? null : signature, commitmentKey.Length == 0 ? null : commitmentKey,
                label.Length == 0 ? null : SignedSensitivityLabel.Decode(label)));
        }
        reader.EnsureEnd();
        return new MedicalRecord(patientId, departmentId, entries);
    }

    public static byte[] RecordDigest(MedicalRecord record) => Hashing.Digest(EncodeRecord(record));
}
