using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Tests.RecordMigration;

/// <summary>The EHR encoding: v2 carries each filed diagnosis's commitment key k, v3 each entry's sensitivity label; v1 (stored before) is still read.</summary>
public sealed class EhrEncodingTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 15, 9, 30, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_v2_record_round_trips_with_its_signature_and_commitment_key()
    {
        var record = new MedicalRecord("alice", "cardiology",
        [
            new RecordEntry(At, "HPC-North", "first entry"),
            new RecordEntry(At.AddMinutes(5), "dr-chen", "diagnosis", [1, 2, 3], Enumerable.Repeat((byte)7, 32).ToArray()),
        ]);

        var decoded = MigrationContents.DecodeRecord(MigrationContents.EncodeRecord(record));

        Assert.Equal(record.Entries.Select(e => (e.At, e.Author, e.Text)), decoded.Entries.Select(e => (e.At, e.Author, e.Text)));
        Assert.Null(decoded.Entries[0].CommitmentKey);
        Assert.Equal(record.Entries[1].AuthorSignature, decoded.Entries[1].AuthorSignature);
        Assert.Equal(record.Entries[1].CommitmentKey, decoded.Entries[1].CommitmentKey);
    }

    [Fact]
    public void A_v1_record_written_before_the_commitment_is_still_read_without_k()
    {
        var v1 = new FieldWriter().Add("EHR v1").Add("alice").Add("cardiology").Add(1L)
            .Add(At.UtcTicks).Add(60L).Add("dr-chen").Add("diagnosis").Add(new byte[] { 1, 2, 3 }).ToArray();

        var entry = Assert.Single(MigrationContents.DecodeRecord(v1).Entries);

        Assert.Equal((At, "dr-chen", "diagnosis"), (entry.At, entry.Author, entry.Text));
        Assert.Equal([1, 2, 3], entry.AuthorSignature);
        Assert.Null(entry.CommitmentKey);
        Assert.Throws<MalformedMessageException>(() => MigrationContents.DecodeRecord(new FieldWriter().Add("EHR v4").Add("alice").Add("cardiology").Add(0L).ToArray()));
    }

    [Fact]
    public void A_record_with_a_restricted_entry_is_written_as_v3_and_keeps_its_label_through_the_migration_encoding()
    {
        var label = new SignedSensitivityLabel(new SensitivityLabel("alice", "cardiology", new byte[32], PartyRole.HospitalCloud, "HPC-North", 9), [4, 5]);
        var plain = new MedicalRecord("alice", "cardiology", [new RecordEntry(At, "HPC-North", "first entry")]);
        var labeled = plain.Append(new RecordEntry(At.AddMinutes(5), "HPC-North", "restricted note", Label: label));

        var decoded = MigrationContents.DecodeRecord(MigrationContents.EncodeRecord(labeled));

        Assert.Equal("EHR v2", new FieldReader(MigrationContents.EncodeRecord(plain)).ReadString());
        Assert.Equal("EHR v3", new FieldReader(MigrationContents.EncodeRecord(labeled)).ReadString());
        Assert.Equal([false, true], decoded.Entries.Select(e => e.Restricted));
        Assert.Equal(label.Encode(), decoded.Entries[1].Label!.Encode());
        Assert.Equal(MigrationContents.RecordDigest(labeled), MigrationContents.RecordDigest(decoded));
    }
}
