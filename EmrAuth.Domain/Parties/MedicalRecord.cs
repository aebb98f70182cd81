using EmrAuth.Domain.Messages;

namespace EmrAuth.Domain.Parties;

/// <summary>
/// One entry of an EMR. Filed diagnoses carry the doctor's Sig_D6 for non-repudiation and the key k that opens the
/// commitment c = h(k || M_DINF) Sig_D6 signs: whoever holds the record can show that the doctor signed this text.
/// A restricted entry carries the signed Label_S that restricts it (<see cref="SensitivityLabel"/>).
/// </summary>
public sealed record RecordEntry(DateTimeOffset At, string Author, string Text, byte[]? AuthorSignature = null, byte[]? CommitmentKey = null,
    SignedSensitivityLabel? Label = null)
{
    public bool Restricted => Label is not null;
}

/// <summary>A patient's record in one department of one hospital; rendered as M_EMR when delivered.</summary>
public sealed record MedicalRecord(string PatientId, string DepartmentId, IReadOnlyList<RecordEntry> Entries)
{
    /// <summary>M_EMR: the entries as text, oldest first.</summary>
    public string Render() => string.Join("\n", Entries.Select(e => $"{e.At:yyyy-MM-dd HH:mm} {e.Author}: {e.Text}"));

    public MedicalRecord Append(RecordEntry entry) => this with { Entries = [.. Entries, entry] };

    /// <summary>The record with the entry at <paramref name="index"/> replaced (a label added to it).</summary>
    public MedicalRecord Replace(int index, RecordEntry entry) => this with { Entries = [.. Entries.Take(index), entry, .. Entries.Skip(index + 1)] };

    /// <summary>
    /// The hospital's release filter, applied before any record leaves it: restricted entries are released only when
    /// the authorization names restricted data (<paramref name="releaseRestricted"/>); otherwise they are left out and
    /// the released part says how many were withheld, never what they hold.
    /// </summary>
    public ReleasedRecord Release(bool releaseRestricted)
    {
        var released = releaseRestricted ? Entries : Entries.Where(e => !e.Restricted).ToList();
        return new ReleasedRecord(this with { Entries = released }, Entries.Count - released.Count);
    }
}

/// <summary>What the release filter let out: the released entries and how many restricted ones it withheld.</summary>
public sealed record ReleasedRecord(MedicalRecord Record, int Withheld)
{
    /// <summary>M_EMR as delivered: the released entries, then one line for the withheld ones (none when nothing was withheld).</summary>
    public string Render()
    {
        var text = Record.Render();
        if (Withheld == 0)
        {
            return text;
        }
        var note = $"[{Withheld} restricted {(Withheld == 1 ? "entry" : "entries")} withheld: the authorization does not name restricted data]";
        return text.Length == 0 ? note : $"{text}\n{note}";
    }
}

/// <summary>A record that migrated to <paramref name="MigratedTo"/>: retained by the source, no longer served.</summary>
public sealed record ArchivedRecord(MedicalRecord Record, string MigratedTo, DateTimeOffset MigratedAt);
