using EmrAuth.Domain.Phases;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure.Security;

/// <summary>A refused attempt is audited (who, what, which object, why) where the cloud administrators and the patient concerned look.</summary>
public sealed class RefusalAuditTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Another_doctors_attempt_on_a_visit_is_in_the_audit_trail_and_in_the_patients_access_log()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(visitId));

        Assert.Equal("This visit is not yours.", refused.Message);
        Assert.Equal(VisitStatus.Requested, (await StatusAsync(_portal, visitId)).Status);
        var trail = await _portal.AsCloud().Audit.EntriesAsync(new AuditFilter(Actor: "dr.huang"));
        var entry = Assert.Single(trail);
        Assert.Equal(("dr.huang", "Accept visit", $"visit {visitId}", "Refused: not this visit's doctor", "alice"),
            (entry.Actor, entry.Action, entry.Subject, entry.Outcome, entry.PatientId));

        var aliceSees = await _portal.AsParty("alice").Queries.AuditForPatientAsync();
        Assert.Contains(aliceSees, a => a.Sequence == entry.Sequence);
        Assert.DoesNotContain(await _portal.AsParty("bob").Queries.AuditForPatientAsync(), a => a.Sequence == entry.Sequence);
    }

    [Fact]
    public async Task An_anonymous_or_wrong_role_attempt_is_audited_with_who_and_why_and_changes_nothing_else()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.Anonymous().Registrations.RevokeCertificateAsync("0001", "forged"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").Records.CreateRecordAsync("bob", "cardiology", "self-made"));

        var trail = await _portal.AsCloud().Audit.EntriesAsync(new AuditFilter(Text: "Refused: "));
        Assert.Contains(trail, a => (a.Actor, a.Action, a.Subject, a.Outcome) == (CurrentUser.Anonymous, "Revoke certificate", "Cert_D 0001", "Refused: not signed in"));
        Assert.Contains(trail, a => (a.Actor, a.Action, a.Subject, a.Outcome) == ("bob", "Create record", "bob / cardiology", "Refused: the Patient role may not do this"));
        Assert.DoesNotContain(await _portal.AsCloud().Registry.CertificatesAsync(), c => c.RevokedAt is not null);
        Assert.DoesNotContain(await _portal.AsParty("north-general").Records.RecordsAsync(), r => r.PatientId == "bob" && r.DepartmentId == "cardiology");

        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
    }
}
