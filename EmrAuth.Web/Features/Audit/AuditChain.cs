using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Web.Features.Audit;

/// <summary>The head of the audit chain: the last row's position and hash.</summary>
public sealed record AuditHead(long Sequence, byte[] Hash)
{
    public static AuditHead Genesis { get; } = new(0, new byte[AuditChain.HashLength]);
}

/// <summary>The first row at which the chain breaks, and why, in words for the cloud administrator.</summary>
public sealed record AuditBreak(long Sequence, long? RowId, string Reason);

/// <summary>
/// The audit trail's hash chain. Each row's hash covers its canonical encoding (the length-prefixed fields the
/// protocol uses, <see cref="FieldWriter"/>) and the previous row's hash, so altering, deleting or reordering any
/// row changes every hash after it.
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    /// <summary>
    /// SHA-256("AuditEntry v1" || Sequence || At (ms since 1970, what SQLite keeps exactly) || Actor || Action ||
    /// Subject || Outcome || has-patient || PatientId || PreviousHash).
    /// </summary>
    public static byte[] HashOf(AuditEntry entry) => SHA256.HashData(new FieldWriter()
        .Add("AuditEntry v1")
        .Add(entry.Sequence)
        .Add(entry.At.ToUnixTimeMilliseconds())
        .Add(entry.Actor)
        .Add(entry.Action)
        .Add(entry.Subject)
        .Add(entry.Outcome)
        .Add(entry.PatientId is null ? 0 : 1)
        .Add(entry.PatientId ?? "")
        .Add(entry.PreviousHash)
        .ToArray());

    /// <summary>Places a new row after <paramref name="head"/>; returns the new head.</summary>
    public static AuditHead Append(AuditEntry entry, AuditHead head)
    {
        entry.Sequence = head.Sequence + 1;
        entry.PreviousHash = head.Hash;
        entry.Hash = HashOf(entry);
        return new AuditHead(entry.Sequence, entry.Hash);
    }

    /// <summary>
    /// Walks the rows in Sequence order from the genesis; returns the first break, or null and the head reached.
    /// </summary>
    public static (AuditBreak? Break, AuditHead Head) Walk(IEnumerable<AuditEntry> rowsBySequence)
    {
        var head = AuditHead.Genesis;
        foreach (var row in rowsBySequence)
        {
            var expected = head.Sequence + 1;
            if (row.Sequence != expected)
            {
                return (new AuditBreak(expected, row.Id, row.Sequence > expected
                    ? $"rows {Range(expected, row.Sequence - 1)} are missing: the chain jumps from {head.Sequence} to {row.Sequence} (deleted)"
                    : $"row {row.Id} claims position {row.Sequence}, which is already taken (reordered)"), head);
            }
            if (!CryptographicOperations.FixedTimeEquals(row.PreviousHash, head.Hash))
            {
                return (new AuditBreak(row.Sequence, row.Id, head.Sequence == 0
                    ? "the first row does not start from the genesis (rows before it were deleted)"
                    : $"its previous hash is not the hash of row {head.Sequence}: a row before it was deleted, reordered or rewritten"), head);
            }
            if (!CryptographicOperations.FixedTimeEquals(row.Hash, HashOf(row)))
            {
                return (new AuditBreak(row.Sequence, row.Id, "its content does not match its hash (the row was altered)"), head);
            }
            head = new AuditHead(row.Sequence, row.Hash);
        }
        return (null, head);
    }

    /// <summary>Compares the chain's end with the anchor kept outside the database.</summary>
    public static AuditBreak? CheckAnchor(AuditHead reached, AuditHead? anchor)
    {
        if (anchor is null)
        {
            return reached.Sequence == 0 ? null : new AuditBreak(reached.Sequence, null, "there is no anchor to check the chain's end against (the anchor file is missing)");
        }
        if (anchor.Sequence > reached.Sequence)
        {
            return new AuditBreak(reached.Sequence + 1, null, $"rows {Range(reached.Sequence + 1, anchor.Sequence)} are missing at the end (the tail was deleted)");
        }
        if (anchor.Sequence < reached.Sequence)
        {
            return new AuditBreak(anchor.Sequence + 1, null, $"rows {Range(anchor.Sequence + 1, reached.Sequence)} were not written by the portal (appended directly to the database)");
        }
        return CryptographicOperations.FixedTimeEquals(anchor.Hash, reached.Hash)
            ? null
            : new AuditBreak(reached.Sequence, null, "the last row's hash differs from the anchored one: the chain was recomputed after an alteration");
    }

    private static string Range(long from, long to) => from == to ? $"{from}" : $"{from}–{to}";
}
