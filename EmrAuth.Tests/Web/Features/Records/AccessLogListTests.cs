using Bunit;

namespace EmrAuth.Tests.Web.Features.Records;

public sealed class AccessLogListTests : MudComponentTest
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static AccessLogRow Row(int minute, string actor, string who, string action, string what, string subject) =>
        new(new AuditEntry { At = Noon.AddMinutes(minute), Actor = actor, Action = action, Subject = subject, Outcome = "ok", PatientId = "alice" },
            who, what, action == "EMR read");

    private static readonly AccessLogRow[] Log =
    [
        Row(1, "alice", "You", "Visit requested", "Requested a visit", $"visit {Guid.Empty} with dr-chen"),
        Row(2, "dr-chen", "Dr. Mei Chen", "EMR read", "Read your medical record", "cardiology at HPC-North"),
        Row(3, "dr-huang", "Dr. Huang", "Consulting", "Accepted your visit", "visit with dr-huang"),
        Row(4, "dr-huang", "Dr. Huang", "EMR read", "Read your medical record", "neurology at HPC-North"),
    ];

    [Fact]
    public void An_empty_log_says_nobody_has_accessed_the_records()
    {
        var cut = Render<AccessLogList>(p => p.Add(c => c.Rows, []));

        Assert.Empty(cut.FindAll("tr.access-row"));
        Assert.Equal("Nobody has accessed your records yet.", cut.Find("[data-testid='access-log-empty']").TextContent.Trim());
    }

    [Fact]
    public void Only_record_reads_narrows_the_rows_to_the_reads()
    {
        var cut = Render<AccessLogList>(p => p.Add(c => c.Rows, Log));
        Assert.Equal(4, cut.FindAll("tr.access-row").Count);

        cut.Find("[data-testid='only-reads']").Change(true);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.access-row").Count));
        Assert.All(cut.FindAll("tr.access-row"), row => Assert.Contains("access-row-read", row.ClassList));
    }

    [Fact]
    public void Searching_narrows_the_rows_to_those_that_mention_the_text_and_says_when_none_match()
    {
        var cut = Render<AccessLogList>(p => p.Add(c => c.Rows, Log));

        cut.Find("[data-testid='access-search']").Input("huang");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.access-row").Count));
        Assert.All(cut.FindAll("tr.access-row"), row => Assert.Contains("Dr. Huang", row.TextContent));

        cut.Find("[data-testid='access-search']").Input("oncology");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("tr.access-row")));
        Assert.Equal("No entry matches.", cut.Find("[data-testid='access-log-empty']").TextContent.Trim());
    }

    [Fact]
    public void A_subject_that_names_a_visit_links_to_it()
    {
        var cut = Render<AccessLogList>(p => p.Add(c => c.Rows, Log));

        var link = cut.Find("a.visit-link");
        Assert.Equal($"/visits/{Guid.Empty}", link.GetAttribute("href"));
        Assert.Equal("visit 00000000", link.TextContent);
    }
}
