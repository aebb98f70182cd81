using EmrAuth.Domain.Messages;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Delegates;

/// <summary>
/// A delegate's own visit list (VisitQueries.VisitsAsync) holds the visits of the patients it acts for, marked with the
/// delegation's permissions, only while the delegation is in force; the diagnosis reaches a delegate only under
/// ReadDiagnoses, through the delegation service's checked and audited read.
/// </summary>
public sealed class DelegateVisitListTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private DelegationService Of(string user) => _portal.As(user).Get<DelegationService>();

    private Task<IReadOnlyList<VisitSummary>> VisitsOf(string user) => _portal.As(user).Queries.VisitsAsync();

    [Fact]
    public async Task The_delegate_lists_the_visit_it_started_for_the_patient_beside_its_own_labelled_until_the_patient_revokes()
    {
        const DelegatePermissions permissions = DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses;
        var delegation = await Of("alice").CreateAsync("bob", DelegateRole.Guardian, permissions, 30);
        var (forAlice, started) = await _portal.As("bob").Visits.StartForAsync("alice", "dr-chen", null, ["cardiology"]);
        AssertSucceeded(started);
        _portal.Clock.Advance(TimeSpan.FromMinutes(1));
        var (own, ownStarted) = await _portal.As("bob").Visits.StartAsync("dr-chen", null, ["cardiology"]);
        AssertSucceeded(ownStarted);

        var listed = await VisitsOf("bob");

        var delegated = Assert.Single(listed, v => v.Id == forAlice);
        Assert.Equal(("alice", permissions), (delegated.PatientId, delegated.Delegated));
        Assert.Equal("for alice (StartVisits, ReadDiagnoses)", PatientVisitList.ForLabel(delegated));
        Assert.Null(Assert.Single(listed, v => v.Id == own).Delegated);
        Assert.Equal([own, forAlice], listed.Select(v => v.Id));
        Assert.Null(Assert.Single(await VisitsOf("alice"), v => v.Id == forAlice).Delegated);
        Assert.DoesNotContain(await VisitsOf("carol"), v => v.Id == forAlice);

        await Of("alice").RevokeAsync(delegation.Id);

        Assert.Equal([own], (await VisitsOf("bob")).Select(v => v.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.As("bob").Queries.FindAsync(forAlice));
        await _portal.RestartAsync();
        Assert.Equal([own], (await VisitsOf("bob")).Select(v => v.Id));
    }

    [Fact]
    public async Task A_delegate_without_ReadDiagnoses_follows_the_patients_visit_but_never_sees_its_diagnosis()
    {
        var visitId = await CompleteVisitAsync(_portal);
        await Of("alice").CreateAsync("bob", DelegateRole.Proxy, DelegatePermissions.StartVisits, 30);
        var bob = _portal.As("bob").Queries;

        Assert.Equal(DelegatePermissions.StartVisits, Assert.Single(await bob.VisitsAsync(), v => v.Id == visitId).Delegated);
        Assert.Null(await bob.RecoveredAsync(visitId, "M_DINF"));
        Assert.Equal(Readings, await bob.RecoveredAsync(visitId, "M_SD"));
        var recovered = (await bob.EventsAsync(visitId)).OfType<MessageView>().SelectMany(m => m.Recovered).ToList();
        Assert.Contains(recovered, r => r.Name == "M_DINF");
        Assert.DoesNotContain(recovered, r => r.Value.Contains(Diagnosis, StringComparison.Ordinal));
        Assert.DoesNotContain(await _portal.AsParty("alice").Queries.AuditForPatientAsync(), a => a.Action == "Diagnoses read");
    }

    [Fact]
    public async Task A_delegate_with_ReadDiagnoses_reads_the_visits_diagnosis_after_the_public_cloud_check_and_it_is_audited()
    {
        var visitId = await CompleteVisitAsync(_portal);
        await Of("alice").CreateAsync("carol", DelegateRole.Proxy, DelegatePermissions.ReadDiagnoses, 30);

        Assert.Equal(Diagnosis, await _portal.As("carol").Queries.RecoveredAsync(visitId, "M_DINF"));

        var audit = await _portal.AsParty("alice").Queries.AuditForPatientAsync();
        Assert.Contains(audit, a => a.Actor == "carol on behalf of alice" && a.Action == "Diagnoses read" && a.Subject == $"diagnosis of visit {visitId}");
    }
}
