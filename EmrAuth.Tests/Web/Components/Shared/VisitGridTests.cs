using Bunit;

namespace EmrAuth.Tests.Web.Components.Shared;

/// <summary>The shared visit list: newest first, sortable by a column, narrowed by the search box.</summary>
public sealed class VisitGridTests : MudComponentTest
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly VisitSummary[] Visits =
    [
        Visit("bob", "dr-huang", VisitStatus.Diagnosed, 0),
        Visit("alice", "dr-chen", VisitStatus.Failed, 2),
        Visit("carol", "dr-deng", VisitStatus.Consulting, 1),
    ];

    [Fact]
    public void Visits_come_newest_first_and_a_header_click_sorts_by_that_column()
    {
        var cut = Render<VisitGrid>(p => p.Add(g => g.Visits, Visits));
        cut.WaitForAssertion(() => Assert.Equal(["alice", "carol", "bob"], Patients(cut)));

        cut.FindAll("th").Single(th => th.TextContent.Contains("Patient")).QuerySelector(".sortable-column-header")!.Click();

        cut.WaitForAssertion(() => Assert.Equal(["alice", "bob", "carol"], Patients(cut)));
    }

    [Fact]
    public void The_search_box_keeps_only_the_matching_visits()
    {
        var cut = Render<VisitGrid>(p => p.Add(g => g.Visits, Visits));

        cut.Find("input[data-testid='visit-search'], [data-testid='visit-search'] input").Input("dr-deng");

        cut.WaitForAssertion(() => Assert.Equal(["carol"], Patients(cut)));
        Assert.Equal(nameof(VisitStatus.Consulting), cut.Find("[data-testid='visit-status']").GetAttribute("data-status"));
    }

    [Fact]
    public void The_hospital_column_shows_only_when_asked_and_each_visit_links_to_its_page()
    {
        var cut = Render<VisitGrid>(p => p.Add(g => g.Visits, Visits).Add(g => g.ShowHospital, false));

        Assert.DoesNotContain(cut.FindAll("th"), th => th.TextContent.Contains("Hospital"));
        Assert.Equal($"/visits/{Visits[1].Id}", cut.Find($"[data-testid='visit-link-{Visits[1].Id}']").GetAttribute("href"));
    }

    private static string[] Patients(IRenderedComponent<VisitGrid> cut) =>
        [.. cut.FindAll("tbody tr").Where(tr => tr.QuerySelector("[data-testid='visit-row']") is not null)
            .Select(tr => Visits.Single(v => v.Id.ToString() == tr.QuerySelector("[data-testid='visit-row']")!.GetAttribute("data-visit")).PatientId)];

    private static VisitSummary Visit(string patient, string doctor, VisitStatus status, int hours) =>
        new(Guid.NewGuid(), patient, doctor, "cardiology", "HPC-North", status, Start.AddHours(hours), Start.AddHours(hours), null);
}
