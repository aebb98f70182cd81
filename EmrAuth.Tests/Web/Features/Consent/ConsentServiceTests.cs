using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Tests.Web.Features.Consent;

/// <summary>
/// Issue 14, consent grants in the portal: alice grants dr-chen, dr-chen reads her record outside any visit, alice
/// sees the use, revokes, and the next search is refused at the grant check, also after a restart. Bad input stores nothing.
/// </summary>
public sealed class ConsentServiceTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private GrantForm DoctorGrant(string doctorId = "dr-chen") => new()
    {
        GranteeKind = GranteeKind.Doctor,
        GranteeId = doctorId,
        Purpose = PurposeOfUse.Treatment,
        Departments = ["cardiology"],
        Expires = _portal.Clock.GetUtcNow().UtcDateTime.Date.AddDays(7),
    };

    [Fact]
    public async Task A_granted_doctor_reads_the_record_the_patient_sees_the_use_and_after_revocation_the_search_is_refused_at_the_grant_check()
    {
        var alice = _portal.AsParty("alice").Consents;
        var grantId = await alice.CreateAsync("alice", DoctorGrant());
        var chen = _portal.AsParty("dr-chen").GrantSearches;

        var read = await chen.SearchAsync(grantId, "cardiology", PurposeOfUse.Treatment);

        Assert.True(read.Succeeded, read.Message);
        Assert.Contains("stent", read.Record);
        Assert.Contains(read.Events.OfType<VerificationView>(), v => v.Check == GrantChecks.Signature && v.Verifier.Role == "HospitalCloud" && v.Passed);
        var grant = Assert.Single(await alice.GrantsAsync("alice"));
        Assert.Equal(GrantStatus.Active, grant.Status);
        var use = Assert.Single(grant.Uses);
        Assert.Equal(("dr-chen", "cardiology", true, "north-general"), (use.DoctorId, use.DepartmentId, use.Succeeded, use.HospitalId));

        await alice.RevokeAsync("alice", grantId);
        var refused = await chen.SearchAsync(grantId, "cardiology", PurposeOfUse.Treatment);

        Assert.False(refused.Succeeded);
        Assert.Equal(GrantChecks.NotRevoked, refused.FailedCheck);
        Assert.Null(refused.Record);
        grant = Assert.Single(await alice.GrantsAsync("alice"));
        Assert.Equal(GrantStatus.Revoked, grant.Status);
        Assert.Equal([false, true], grant.Uses.Select(u => u.Succeeded));
        Assert.Equal(GrantChecks.NotRevoked, grant.Uses[0].FailedCheck);
        await using var db = _portal.OpenDb();
        var stored = await db.ConsentGrants.SingleAsync();
        Assert.Equal(grantId, SignedGrant.Decode(stored.SignedGrant).Grant.GrantId);
        Assert.NotNull(stored.SignedRevocation);
        var actions = await db.AuditEntries.Where(a => a.PatientId == "alice").Select(a => a.Action).ToListAsync();
        Assert.Contains("Consent granted", actions);
        Assert.Contains("EMR read under grant", actions);
        Assert.Contains("Consent revoked", actions);
        Assert.Contains("Grant search refused", actions);

        // The revocation outlives a restart: the parties reload it before the next search.
        await _portal.RestartAsync();
        var afterRestart = await _portal.AsParty("dr-chen").GrantSearches.SearchAsync(grantId, "cardiology", PurposeOfUse.Treatment);
        Assert.Equal(GrantChecks.NotRevoked, afterRestart.FailedCheck);
    }

    [Fact]
    public async Task A_grant_is_refused_by_the_clouds_for_another_department_or_purpose_and_a_doctor_it_does_not_name_cannot_use_it()
    {
        var grantId = await _portal.AsParty("alice").Consents.CreateAsync("alice", DoctorGrant());
        var chen = _portal.AsParty("dr-chen").GrantSearches;

        var department = await chen.SearchAsync(grantId, "neurology", PurposeOfUse.Treatment);
        var purpose = await chen.SearchAsync(grantId, "cardiology", PurposeOfUse.SecondOpinion);
        var huang = await Assert.ThrowsAsync<PortalValidationException>(() =>
            _portal.AsParty("dr-huang").GrantSearches.SearchAsync(grantId, "cardiology", PurposeOfUse.Treatment));

        Assert.Equal(GrantChecks.Category, department.FailedCheck);
        Assert.Equal(GrantChecks.Purpose, purpose.FailedCheck);
        Assert.Equal("grantId", huang.Field);
        Assert.Empty(await _portal.AsParty("dr-huang").GrantSearches.GrantsAsync());
        Assert.Single(await chen.GrantsAsync());
    }

    [Fact]
    public async Task Bad_input_is_refused_at_its_field_and_stores_nothing()
    {
        var alice = _portal.AsParty("alice").Consents;
        var noCategories = DoctorGrant();
        noCategories.Departments = [];
        var backwards = DoctorGrant();
        backwards.Starts = _portal.Clock.GetUtcNow().UtcDateTime.Date.AddDays(10);
        var unknown = DoctorGrant("dr-nobody");

        Assert.Equal("departments", (await Assert.ThrowsAsync<PortalValidationException>(() => alice.CreateAsync("alice", noCategories))).Field);
        Assert.Equal("expires", (await Assert.ThrowsAsync<PortalValidationException>(() => alice.CreateAsync("alice", backwards))).Field);
        Assert.Equal("granteeId", (await Assert.ThrowsAsync<PortalValidationException>(() => alice.CreateAsync("alice", unknown))).Field);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").Consents.CreateAsync("alice", DoctorGrant()));
        await using var db = _portal.OpenDb();
        Assert.Empty(await db.ConsentGrants.ToListAsync());
    }
}
