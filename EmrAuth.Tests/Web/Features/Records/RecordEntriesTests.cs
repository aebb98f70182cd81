using Bunit;

namespace EmrAuth.Tests.Web.Features.Records;

/// <summary>A record's entries on the hospital page: a restricted entry shows its badge, any other offers "Mark restricted".</summary>
public sealed class RecordEntriesTests : MudComponentTest
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static readonly RecordView Record = new("alice", "cardiology",
    [
        new RecordEntryView(At, "north-general", "2024-03: stent placed.", false),
        new RecordEntryView(At.AddDays(1), "dr-chen", "Moderate depressive episode.", true, "dr-chen"),
    ]);

    private readonly List<EntryRef> _restricted = [];

    private IRenderedComponent<RecordEntries> RenderEntries(Func<EntryRef, Task>? onRestrict = null) => Render<RecordEntries>(p => p
        .Add(c => c.Record, Record)
        .Add(c => c.OnRestrict, onRestrict ?? (entry => { _restricted.Add(entry); return Task.CompletedTask; })));

    [Fact]
    public void A_restricted_entry_shows_its_badge_with_the_signer_and_offers_no_button()
    {
        var cut = RenderEntries();

        var badge = cut.Find("[data-testid='restricted-badge']");
        Assert.Contains("restricted", badge.TextContent);
        Assert.Contains("label signed by dr-chen", badge.GetAttribute("title"));
        Assert.Single(cut.FindAll("[data-testid^='restrict-alice-cardiology-']"));
        Assert.Empty(cut.FindAll("[data-testid='restrict-alice-cardiology-1']"));
    }

    [Fact]
    public void Mark_restricted_names_the_entry_by_its_place_in_the_record()
    {
        var cut = RenderEntries();

        cut.Find("[data-testid='restrict-alice-cardiology-0']").Click();

        cut.WaitForAssertion(() => Assert.Equal([new EntryRef("alice", "cardiology", 0)], _restricted));
    }

    [Fact]
    public void A_refusal_is_shown_under_the_entries()
    {
        var cut = RenderEntries(_ => throw new PortalValidationException("index", "The record has no such entry."));

        cut.Find("[data-testid='restrict-alice-cardiology-0']").Click();

        cut.WaitForAssertion(() => Assert.Equal("The record has no such entry.", cut.Find("[data-testid='restrict-error']").TextContent));
    }

    [Fact]
    public void Without_a_handler_no_entry_can_be_restricted()
    {
        var cut = Render<RecordEntries>(p => p.Add(c => c.Record, Record));

        Assert.Empty(cut.FindAll("[data-testid^='restrict-alice']"));
        Assert.Single(cut.FindAll("[data-testid='restricted-badge']"));
    }
}
