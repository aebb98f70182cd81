using Bunit;

namespace EmrAuth.Tests.Web.Features.Audit;

/// <summary>The audit grid: its filter fields hand the whole filter to the page; the entries come newest first.</summary>
public sealed class AuditGridTests : MudComponentTest
{
    private readonly List<AuditFilter> _filters = [];

    [Fact]
    public void Changing_a_filter_field_calls_back_with_the_whole_filter()
    {
        var cut = Render<AuditGrid>(p => p.Add(g => g.Entries, Entries()).Add(g => g.OnFilter, (AuditFilter f) => _filters.Add(f)));

        Input(cut, "audit-filter-actor").Change("cloud.admin");
        Input(cut, "audit-filter-patient").Change("  alice ");

        Assert.Equal([new AuditFilter("cloud.admin"), new AuditFilter("cloud.admin", PatientId: "alice")], _filters);
    }

    [Fact]
    public void Entries_come_newest_first_and_re_render_when_the_page_reloads_them()
    {
        var cut = Render<AuditGrid>(p => p.Add(g => g.Entries, Entries()));
        cut.WaitForAssertion(() => Assert.Equal(["3", "2", "1"], Sequences(cut)));

        cut.Render(p => p.Add(g => g.Entries, Entries().Where(e => e.Actor == "cloud.admin").ToList()));

        cut.WaitForAssertion(() => Assert.Equal(["3", "1"], Sequences(cut)));
    }

    // MudBlazor puts a field's data-testid on its input.
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<AuditGrid> cut, string testId) =>
        cut.Find($"input[data-testid='{testId}'], [data-testid='{testId}'] input");

    private static string[] Sequences(IRenderedComponent<AuditGrid> cut) =>
        [.. cut.FindAll("[data-testid='audit-row']").Select(r => r.GetAttribute("data-sequence") ?? "")];

    private static List<AuditEntry> Entries() =>
    [
        new() { Sequence = 1, Actor = "cloud.admin", Action = "Registration approved", Subject = "alice", Outcome = "ok", Hash = [1, 2, 3, 4] },
        new() { Sequence = 2, Actor = "dr.chen", Action = "Record read", Subject = "alice", Outcome = "ok", Hash = [5, 6, 7, 8] },
        new() { Sequence = 3, Actor = "cloud.admin", Action = "Audit trail verified", Subject = "chain", Outcome = "intact", Hash = [9, 9, 9, 9] },
    ];
}
