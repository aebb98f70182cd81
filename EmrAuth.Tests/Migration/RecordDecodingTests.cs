using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Migration;

namespace EmrAuth.Tests.RecordMigration;

/// <summary>Regressions of the EHR decoder found while writing its fuzz target (EmrAuth.Fuzz, target "migration").</summary>
public class RecordDecodingTests
{
    private static byte[] RecordWithOneEntryAt(long utcTicks, long offsetMinutes) =>
        new FieldWriter().Add("EHR v1").Add("patient-alice").Add("cardiology").Add(1L)
            .Add(utcTicks).Add(offsetMinutes).Add("dr-chen").Add("text").Add([]).ToArray();

    [Theory]
    [InlineData(0L, -60L)]
    [InlineData(3_155_378_975_999_999_999L, 60L)]
    public void An_entry_whose_local_time_is_outside_the_calendar_is_malformed_not_a_crash(long utcTicks, long offsetMinutes) =>
        Assert.Throws<MalformedMessageException>(() => MigrationContents.DecodeRecord(RecordWithOneEntryAt(utcTicks, offsetMinutes)));

    [Theory]
    [InlineData(0L, 60L)]
    [InlineData(3_155_378_975_999_999_999L, -60L)]
    public void An_entry_at_the_calendar_edge_whose_local_time_is_a_date_still_decodes(long utcTicks, long offsetMinutes)
    {
        var entry = Assert.Single(MigrationContents.DecodeRecord(RecordWithOneEntryAt(utcTicks, offsetMinutes)).Entries);
        Assert.Equal(utcTicks, entry.At.UtcTicks);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), entry.At.Offset);
    }
}
