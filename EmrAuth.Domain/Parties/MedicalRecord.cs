namespace EmrAuth.Domain.Parties;

/// <summary>
/// One entry of an EMR. Filed diagnoses carry the doctor's Sig_D6 for non-repudiation and the key k that opens the
/// commitment c = h(k || M_DINF) Sig_D6 signs: whoever holds the record can show that the doctor signed this text.
/// </summary>
public sealed record RecordEntry(DateTimeOffset At, string Author, string Text, byte[]? AuthorSignature = null, byte[]? CommitmentKey = null);

/// <summary>A patient's record in one department of one hospital; rendered as M_EMR when delivered.</summary>
public sealed record MedicalRecord(string PatientId, string DepartmentId, IReadOnlyList<RecordEntry> Entries)
{
    /// <summary>M_EMR: the entries as text, oldest first.</summary>
    public string Render() => string.Join("\n", Entries.Select(e => $"{e.At:yyyy-MM-dd HH:mm} {e.Author}: {e.Text}"));

    public MedicalRecord Append(RecordEntry entry) => this with { Entries = [.. Entries, entry] };
}

/// <summary>A record that migrated to <paramref name="MigratedTo"/>: retained by the source, no longer served.</summary>
public sealed record ArchivedRecord(MedicalRecord Record, string MigratedTo, DateTimeOffset MigratedAt);
