using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure.Instances;

/// <summary>
/// Issue 14's standing decisions on two instances of one PostgreSQL deployment (issue 13): a grant revoked or a
/// delegation named or revoked on one instance is in force on the other at its next check, at the same named check.
/// </summary>
public sealed class AccessAcrossInstancesTests : TwoInstances
{
    [Fact]
    public async Task A_grant_revoked_on_A_is_refused_on_B_at_the_revocation_check()
    {
        var grantId = await A.AsParty("alice").Consents.CreateAsync("alice", new GrantForm
        {
            GranteeKind = GranteeKind.Doctor,
            GranteeId = "dr-chen",
            Purpose = PurposeOfUse.Treatment,
            Departments = ["cardiology"],
            Expires = A.Clock.GetUtcNow().UtcDateTime.Date.AddDays(7),
        });
        var onB = B.AsParty("dr-chen").GrantSearches;
        var read = await onB.SearchAsync(grantId, "cardiology", PurposeOfUse.Treatment);
        Assert.True(read.Succeeded, read.Message);

        await A.AsParty("alice").Consents.RevokeAsync("alice", grantId);
        var refused = await onB.SearchAsync(grantId, "cardiology", PurposeOfUse.Treatment);

        Assert.False(refused.Succeeded);
        Assert.Equal(GrantChecks.NotRevoked, refused.FailedCheck);
    }

    [Fact]
    public async Task A_delegation_named_on_A_works_on_B_and_revoked_on_B_is_refused_on_A()
    {
        var delegation = await A.As("alice").Get<DelegationService>().CreateAsync("bob", DelegateRole.Guardian, DelegatePermissions.StartVisits, 30);

        var (_, onB) = await B.As("bob").Visits.StartForAsync("alice", "dr-chen", null, ["cardiology"]);
        AssertSucceeded(onB);

        await B.As("alice").Get<DelegationService>().RevokeAsync(delegation.Id);
        var (_, onA) = await A.As("bob").Visits.StartForAsync("alice", "dr-chen", null, ["cardiology"]);

        Assert.False(onA.Succeeded);
        Assert.StartsWith($"Stopped at {PatientDelegation.Check} ({PatientDelegation.Check}): the patient revoked this delegation", onA.Message);
    }
}
