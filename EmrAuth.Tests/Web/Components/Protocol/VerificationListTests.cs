using static EmrAuth.Tests.Web.Support.ComponentHtml;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class VerificationListTests
{
    private static Task<string> Render(IReadOnlyList<EventView> events) =>
        RenderAsync<VerificationList>(new() { [nameof(VerificationList.Events)] = events });

    [Fact]
    public async Task An_honest_visit_lists_every_check_in_order_all_passed()
    {
        var events = Transcripts.HonestVisit().Events;
        var checks = events.OfType<VerificationView>().ToList();

        var html = await Render(events);

        Assert.Single(StartTags(html, "verification-list"));
        var rows = StartTags(html, "verification-row");
        Assert.Equal(checks.Count, rows.Count);
        Assert.Equal(checks.Select(c => c.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => Attribute(r, "data-sequence")));
        Assert.All(rows, r => Assert.Equal("true", Attribute(r, "data-passed")));
        var text = Text(html);
        Assert.Contains($"All {checks.Count} checks passed.", text);
        Assert.Contains("Eq. 15", text);
        Assert.Contains("Eq. 50", text);
        Assert.Contains("Replay cache", text);
        Assert.Contains("Doctor dr-chen", text);
        Assert.Contains("Hospital cloud HPC-North", text);
        Assert.DoesNotContain("✗ Failed", text);
    }

    [Fact]
    public async Task A_failed_check_is_marked_and_highlighted()
    {
        var events = Transcripts.RevokedDoctor();

        var html = await Render(events);

        var rows = StartTags(html, "verification-row");
        var failed = Assert.Single(rows, r => Attribute(r, "data-passed") == "false");
        Assert.Contains("failed", Attribute(failed, "class"));
        Assert.Equal(rows.Count - 1, rows.Count(r => Attribute(r, "data-passed") == "true"));
        var text = Text(html);
        Assert.Contains("✗ Failed", text);
        Assert.Contains("1 of " + rows.Count + " checks failed.", text);
        Assert.Contains("Cert_D legal", text);
        Assert.Contains("revoked", text);
        Assert.Contains("licence suspended", text);
    }

    [Fact]
    public async Task No_events_say_no_checks_yet()
    {
        var html = await Render([]);

        Assert.Contains("No checks have been made yet.", Text(html));
        Assert.Empty(StartTags(html, "verification-row"));
    }
}
