using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Delegates;

/// <summary>
/// Issue 14, item 3 through the services: alice names bob her guardian; bob starts a visit for alice (her device side
/// runs, after the public cloud checked the delegation in the visit's transcript), reads her diagnoses, and every action
/// is audited "bob on behalf of alice". After alice revokes, the public cloud refuses bob at the named check. Bob's own
/// visit list holds alice's visits while the delegation is in force; a visit's diagnosis reaches him only under ReadDiagnoses.
/// </summary>
public sealed class DelegationServiceTests : IAsyncLifetime
{
    private const DelegatePermissions VisitsAndDiagnoses = DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses;

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private DelegationService Of(string user) => _portal.As(user).Get<DelegationService>();

    [Fact]
    public async Task A_delegate_starts_a_visit_for_the_patient_reads_the_diagnosis_and_is_audited_on_behalf_of_the_patient()
    {
        await Of("alice").CreateAsync("bob", DelegateRole.Guardian, VisitsAndDiagnoses, 30);
        Assert.Equal(["alice"], (await Of("bob").ActingForAsync()).Select(d => d.PatientId));

        var (visitId, started) = await _portal.As("bob").Visits.StartForAsync("alice", "dr-chen", null, ["cardiology"]);
        AssertSucceeded(started);
        var doctor = _portal.AsParty("dr-chen").Visits;
        AssertSucceeded(await doctor.AcceptAsync(visitId));
        AssertSucceeded(await _portal.As("bob").Visits.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await doctor.SearchRecordAsync(visitId, "cardiology"));
        AssertSucceeded(await doctor.DiagnoseAsync(visitId, Diagnosis));

        Assert.Equal("alice", (await _portal.As("bob").Queries.FindAsync(visitId))!.PatientId);
        Assert.Equal(Diagnosis, await _portal.As("bob").Queries.RecoveredAsync(visitId, "M_DINF"));
        var events = await _portal.As("bob").Queries.EventsAsync(visitId);
        Assert.Contains(events.OfType<VerificationView>(), c => c.Check == PatientDelegation.Check && c.Passed && c.Verifier.Role == "PublicCloud");
        Assert.Equal([Diagnosis], (await Of("bob").DiagnosesOfAsync("alice")).Select(d => d.Diagnosis));
        var audit = await _portal.AsParty("alice").Queries.AuditForPatientAsync();
        Assert.Contains(audit, a => a.Actor == "bob on behalf of alice" && a.Action == "Visit requested");
        Assert.Contains(audit, a => a.Actor == "bob on behalf of alice" && a.Action == "Diagnoses read");
        Assert.Contains(audit, a => a.Actor == "alice" && a.Action == "Delegate named");
    }

    [Fact]
    public async Task After_the_patient_revokes_the_public_cloud_refuses_the_delegate_even_after_a_restart()
    {
        var delegation = await Of("alice").CreateAsync("bob", DelegateRole.Proxy, VisitsAndDiagnoses, 30);
        await Of("alice").RevokeAsync(delegation.Id);
        await _portal.RestartAsync();

        var (_, started) = await _portal.As("bob").Visits.StartForAsync("alice", "dr-chen", null, ["cardiology"]);
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Of("bob").DiagnosesOfAsync("alice"));

        Assert.False(started.Succeeded);
        Assert.StartsWith($"Stopped at {PatientDelegation.Check} ({PatientDelegation.Check}): the patient revoked this delegation", started.Message);
        Assert.StartsWith("The public cloud refused: the patient revoked this delegation", denied.Message);
        Assert.Empty(await Of("bob").ActingForAsync());
        Assert.NotNull(Assert.Single(await Of("alice").OwnAsync()).RevokedAt);
    }

    [Fact]
    public async Task A_delegate_beyond_its_permissions_or_without_a_delegation_is_refused()
    {
        await Of("alice").CreateAsync("bob", DelegateRole.Proxy, DelegatePermissions.ReadDiagnoses, 30);

        var (_, started) = await _portal.As("bob").Visits.StartForAsync("alice", "dr-chen", null, ["cardiology"]);
        Assert.False(started.Succeeded);
        Assert.EndsWith("the delegation does not allow StartVisits", started.Message);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Of("carol").DiagnosesOfAsync("alice"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.As("carol").Visits.StartForAsync("alice", "dr-chen"));
    }

    [Fact]
    public async Task A_delegate_with_ManageGrants_passes_the_consent_services_authorization_point_and_one_without_it_is_refused()
    {
        var form = new GrantForm
        {
            GranteeKind = GranteeKind.Doctor,
            GranteeId = "dr-chen",
            Purpose = PurposeOfUse.Treatment,
            Departments = ["cardiology"],
            Expires = _portal.Clock.GetUtcNow().UtcDateTime.Date.AddDays(7),
        };
        await Of("alice").CreateAsync("bob", DelegateRole.Proxy, DelegatePermissions.ManageGrants, 30);
        await Of("alice").CreateAsync("carol", DelegateRole.Proxy, DelegatePermissions.StartVisits, 30);

        var grantId = await _portal.As("bob").Consents.CreateAsync("alice", form);

        Assert.Equal(grantId, Assert.Single(await _portal.As("bob").Consents.GrantsAsync("alice")).GrantId);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.As("carol").Consents.GrantsAsync("alice"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.As("dan").Consents.CreateAsync("alice", form));
        var audit = await _portal.AsParty("alice").Queries.AuditForPatientAsync();
        Assert.Contains(audit, a => a.Actor == "bob on behalf of alice" && a.Action == "Consent granted");
        Assert.Contains(audit, a => a.Actor == "carol" && a.Outcome.Contains("the delegation does not allow ManageGrants", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice", "delegate")]     // herself
    [InlineData("nobody", "delegate")]    // no such account
    [InlineData("dr.chen", "delegate")]   // not a patient account
    public async Task A_delegate_must_be_another_patient_account(string delegateName, string field)
    {
        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => Of("alice").CreateAsync(delegateName, DelegateRole.Proxy, DelegatePermissions.StartVisits, 1));

        Assert.Equal(field, refused.Field);
        Assert.Empty(await Of("alice").OwnAsync());
    }

    [Fact]
    public async Task Naming_and_revoking_return_the_signed_statement_and_the_public_clouds_checks_for_the_live_view()
    {
        var named = await Of("alice").CreateAsync("bob", DelegateRole.Proxy, DelegatePermissions.StartVisits, 1);
        var revoked = await Of("alice").RevokeAsync(named.Id);

        AssertPassedAtPublicCloud(named.Events, "Delegation_P", PatientDelegation.Check);
        AssertPassedAtPublicCloud(revoked, "Revocation_G", DelegationRevocation.Check);
        Assert.Empty(await Of("alice").RevokeAsync(named.Id));
        Assert.Empty(Assert.Single(await Of("alice").OwnAsync()).Events);
    }

    private static void AssertPassedAtPublicCloud(IReadOnlyList<EventView> events, string statement, string check)
    {
        var message = Assert.Single(events.OfType<MessageView>());
        Assert.Equal(("Patient", "PublicCloud"), (message.Sender.Role, message.Receiver.Role));
        Assert.StartsWith(statement, message.Name, StringComparison.Ordinal);
        var checks = events.OfType<VerificationView>().ToList();
        Assert.Contains(checks, c => c.Check == check && c.Verifier.Role == "PublicCloud");
        Assert.All(checks, c => Assert.True(c.Passed, c.Reason));
    }

    [Fact]
    public async Task Only_the_patient_revokes_their_delegation()
    {
        var delegation = await Of("alice").CreateAsync("bob", DelegateRole.Proxy, DelegatePermissions.StartVisits, 1);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Of("bob").RevokeAsync(delegation.Id));

        Assert.Null(Assert.Single(await Of("alice").OwnAsync()).RevokedAt);
    }

    // A delegate's own visit list: the visits of the patients it acts for, marked with the delegation's permissions, while it is in force.
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
