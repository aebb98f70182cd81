using Bunit;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class VerificationListTests : InteractiveMudTest
{
    private IRenderedComponent<VerificationList> Render(IReadOnlyList<EventView> events) =>
        Render<VerificationList>(p => p.Add(l => l.Events, events));

    [Fact]
    public void An_honest_visit_lists_every_check_in_order_all_passed()
    {
        var events = Transcripts.HonestVisit().Events;
        var checks = events.OfType<VerificationView>().ToList();

        var cut = Render(events);

        var rows = cut.FindAll("[data-testid='verification-row']");
        Assert.Equal(checks.Count, rows.Count);
        Assert.Equal(checks.Select(c => c.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r.GetAttribute("data-sequence")));
        Assert.All(rows, r => Assert.Equal("true", r.GetAttribute("data-passed")));
        var text = cut.Find("[data-testid='verification-list']").Text();
        Assert.Contains($"All {checks.Count} checks passed.", text);
        Assert.Contains("Eq. 15", text);
        Assert.Contains("Eq. 50", text);
        Assert.Contains("Replay cache", text);
        Assert.Contains("Doctor dr-chen", text);
        Assert.Contains("Hospital cloud HPC-North", text);
        Assert.DoesNotContain("✗ Failed", text);
    }

    [Fact]
    public void A_failed_check_is_marked_and_highlighted()
    {
        var cut = Render(Transcripts.RevokedDoctor());

        var rows = cut.FindAll("[data-testid='verification-row']");
        var failed = Assert.Single(rows, r => r.GetAttribute("data-passed") == "false");
        Assert.Contains("failed", failed.ClassList);
        Assert.Equal(rows.Count - 1, rows.Count(r => r.GetAttribute("data-passed") == "true"));
        var text = cut.Find("[data-testid='verification-list']").Text();
        Assert.Contains("✗ Failed", text);
        Assert.Contains("1 of " + rows.Count + " checks failed.", text);
        Assert.Contains("Cert_D legal", text);
        Assert.Contains("revoked", text);
        Assert.Contains("licence suspended", text);
    }

    [Fact]
    public void No_events_say_no_checks_yet()
    {
        var cut = Render([]);

        Assert.Contains("No checks have been made yet.", cut.Find("[data-testid='verification-list']").Text());
        Assert.Empty(cut.FindAll("[data-testid='verification-row']"));
    }
}
