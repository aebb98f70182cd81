using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// Issue 11, finding 2 through <see cref="VisitService"/>: dr-huang (Cert_D for neurology) in a visit where alice
/// allowed neurology only runs the EMR search for cardiology. Before the fix alice's cardiology record was delivered.
/// </summary>
public sealed class SearchScopeServiceTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<ProtocolProfile> Profiles => new(Enum.GetValues<ProtocolProfile>());

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_cardiology_search_in_a_neurology_only_visit_is_refused_releases_nothing_and_is_audited(ProtocolProfile profile)
    {
        // A paper visit needs a paper deployment: a hardened one issues keys without escrow, so the paper's Eq. 28 fails.
        await using var portal = await PortalHarness.StartAsync(profile);
        var (patient, doctor) = (portal.AsParty("alice").Visits, portal.AsParty("dr-huang").Visits);
        var (visitId, started) = await patient.StartAsync("dr-huang", profile, ["neurology"]);
        AssertSucceeded(started);
        Assert.Equal(["neurology"], (await StatusAsync(portal, visitId)).SearchScope);
        AssertSucceeded(await doctor.AcceptAsync(visitId));
        AssertSucceeded(await patient.SendReadingsAsync(visitId, Readings));

        var refused = await doctor.SearchRecordAsync(visitId, "cardiology");

        Assert.False(refused.Succeeded);
        Assert.Equal($"Stopped at Eq. 28 ({SearchScope.Check}): the patient allowed this visit to search neurology only, not cardiology", refused.Message);
        var visit = await StatusAsync(portal, visitId);
        // The visit keeps the department asked for, but no hospital: nothing was released.
        Assert.Equal((VisitStatus.Searching, "cardiology", null), (visit.Status, visit.DepartmentId, visit.HospitalId));
        var events = await portal.AsParty("dr-huang").Queries.EventsAsync(visitId);
        var failed = Assert.Single(events.OfType<VerificationView>(), c => !c.Passed);
        Assert.Equal((28, SearchScope.Check, "PublicCloud"), (failed.Equation, failed.Check, failed.Verifier.Role));
        Assert.DoesNotContain(events.OfType<MessageView>().SelectMany(m => m.Recovered), r => r.Name == "M_EMR");
        Assert.Null(await portal.AsParty("dr-huang").Queries.RecoveredAsync(visitId, "M_EMR"));
        var audit = await portal.AsParty("alice").Queries.AuditForPatientAsync();
        Assert.DoesNotContain(audit, a => a.Action == "EMR read");
        Assert.Contains(audit, a => a.Actor == "dr-huang" && a.Subject == $"visit {visitId}" && a.Outcome == refused.Message);
    }

    [Fact]
    public async Task A_start_without_a_department_is_refused_on_the_scope_field_and_leaves_no_visit()
    {
        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("alice").Visits.StartAsync("dr-huang", ProtocolProfile.Paper, []));

        Assert.Equal(("departments", VisitService.NoDepartment), (refused.Field, refused.Message));
        Assert.Empty(await _portal.AsParty("alice").Queries.VisitsAsync());
    }
}
