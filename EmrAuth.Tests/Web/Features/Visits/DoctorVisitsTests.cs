using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The doctor's visit list follows the VisitHub: a new request appears, and is counted, without a reload.</summary>
public sealed class DoctorVisitsTests : InteractiveMudTest
{
    private readonly VisitHub _hub;
    private readonly List<VisitSummary> _stored = [];
    private int _loads;

    public DoctorVisitsTests()
        : this(new VisitHub())
    {
    }

    private DoctorVisitsTests(VisitHub hub)
        : base(services => services.AddSingleton(hub).AddSingleton(TimeProvider.System)) => _hub = hub;

    private static VisitSummary Visit(string patientId, VisitStatus status, string doctorId = "dr-chen") =>
        new(Guid.NewGuid(), patientId, doctorId, null, null, status, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null);

    private IRenderedComponent<DoctorVisits> Render() => Render<DoctorVisits>(p => p
        .Add(d => d.Load, () =>
        {
            _loads++;
            return Task.FromResult<IReadOnlyList<VisitSummary>>([.. _stored.Where(v => v.DoctorId == "dr-chen")]);
        })
        .Add(d => d.Concerns, change => change.DoctorId == "dr-chen")
        .Add(d => d.PatientName, id => id == "erin" ? "Erin Walsh" : id)
        .Add(d => d.Accept, _ => Task.FromResult(new ActionFeedback(true, "ok")))
        .Add(d => d.Decline, (_, _) => Task.FromResult(new ActionFeedback(true, "ok"))));

    private static string RowOf(IRenderedComponent<DoctorVisits> cut, Guid visitId) =>
        cut.Find($"[data-visit-id='{visitId}']").Closest("tr")!.ClassName!;

    [Fact]
    public void A_request_published_on_the_hub_appears_in_the_list_and_the_waiting_count()
    {
        _stored.Add(Visit("alice", VisitStatus.Diagnosed));
        var cut = Render();
        Assert.Equal("0", cut.Find("[data-testid='waiting-count']").TextContent);
        Assert.Single(cut.FindAll("tr.visit-row"));

        var request = Visit("erin", VisitStatus.Requested);
        _stored.Add(request);
        _hub.Publish(new VisitChange(request.Id, "erin", "dr-chen", null, nameof(VisitStatus.Requested), null));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid='waiting-count']").TextContent));
        Assert.Contains("status-Requested", RowOf(cut, request.Id));
        Assert.Equal("Erin Walsh", cut.Find($"[data-visit-id='{request.Id}']").TextContent);
        // Waiting requests come first, with the decision buttons in their row.
        Assert.Equal(request.Id.ToString(), cut.FindAll("tr.visit-row [data-visit-id]")[0].GetAttribute("data-visit-id"));
        Assert.NotNull(cut.Find($"[data-testid='request-decision'][data-visit-id='{request.Id}']"));
    }

    [Fact]
    public void Another_doctors_visit_does_not_reload_the_list()
    {
        var cut = Render();
        var loadsBefore = _loads;

        _hub.Publish(new VisitChange(Guid.NewGuid(), "bob", "dr-huang", null, nameof(VisitStatus.Requested), null));

        Assert.Equal(loadsBefore, _loads);
        Assert.Equal("0", cut.Find("[data-testid='waiting-count']").TextContent);
        Assert.Empty(cut.FindAll("tr.visit-row"));
    }

    [Fact]
    public void A_status_change_moves_the_visit_out_of_the_waiting_requests()
    {
        var request = Visit("erin", VisitStatus.Requested);
        _stored.Add(request);
        var cut = Render();
        Assert.Equal("1", cut.Find("[data-testid='waiting-count']").TextContent);

        _stored[0] = request with { Status = VisitStatus.Consulting };
        _hub.Publish(new VisitChange(request.Id, "erin", "dr-chen", null, nameof(VisitStatus.Consulting), null));

        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid='waiting-count']").TextContent));
        Assert.Contains("status-Consulting", RowOf(cut, request.Id));
        Assert.Equal("Consulting", cut.Find("[data-testid='visit-row-status']").GetAttribute("data-status"));
        Assert.NotNull(cut.Find("[data-testid='open-visit']"));
    }
}
