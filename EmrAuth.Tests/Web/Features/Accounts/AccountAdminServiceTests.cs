using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Accounts;

/// <summary>
/// Issue 11, finding 6: the cloud administrator disables, enables and re-roles accounts, and access ends at once. A
/// session opened before the change (as a circuit's scope is) is refused at its very next service call, the refusal is
/// audited, and the account's open circuits are told to end; a doctor whose Cert_D is revoked can no longer read past visits.
/// </summary>
public sealed class AccountAdminServiceTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Disabling_refuses_the_open_session_at_its_next_call_and_sign_in_until_enabled()
    {
        var alice = _portal.As("alice");
        Assert.NotNull(await alice.Queries.VisitsAsync());
        var ended = 0;
        _portal.Get<OpenCircuits>().Add(new object(), await PrincipalOfAsync("alice"), () => ended++);

        await _portal.AsCloud().AccountAdmin.SetDisabledAsync(await IdOfAsync("alice"), disabled: true, "reported stolen phone");

        Assert.Equal(1, ended);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => alice.Queries.VisitsAsync());
        Assert.Equal(AccountAccess.SessionEndedMessage, refused.Message);
        await using (var db = _portal.OpenDb())
        {
            Assert.Null(await _portal.Accounts.VerifyAsync(db, "alice", DemoSeeder.DemoPassword));
            var audit = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => new { e.Actor, e.Action, e.Outcome }).ToListAsync();
            Assert.Contains(audit, e => e.Actor == CloudAdmin && e.Action == "Disable account" && e.Outcome == "disabled: reported stolen phone");
            Assert.Contains(audit, e => e.Actor == "alice" && e.Outcome == "Refused: the account is disabled");
        }

        await _portal.AsCloud().AccountAdmin.SetDisabledAsync(await IdOfAsync("alice"), disabled: false, "phone recovered");
        // The old session stays refused (new security stamp); a new sign-in works.
        await Assert.ThrowsAsync<AccessDeniedException>(() => alice.Queries.VisitsAsync());
        await using (var db = _portal.OpenDb())
        {
            var principal = await _portal.Accounts.VerifyAsync(db, "alice", DemoSeeder.DemoPassword);
            Assert.NotNull(principal);
            await using var again = new PortalSession(_portal.Services, principal);
            Assert.NotNull(await again.Queries.VisitsAsync());
        }
    }

    [Fact]
    public async Task A_role_change_ends_the_sessions_issued_for_the_old_role()
    {
        var admin = _portal.As("admin.south");
        Assert.NotNull(await admin.Records.RecordsAsync());

        await _portal.AsCloud().AccountAdmin.ChangeRoleAsync(await IdOfAsync("admin.south"), Roles.Patient, "left the hospital");

        await Assert.ThrowsAsync<AccessDeniedException>(() => admin.Records.RecordsAsync());
        await using var db = _portal.OpenDb();
        Assert.Equal(Roles.Patient, (await db.Accounts.SingleAsync(a => a.UserName == "admin.south")).Role);
    }

    [Fact]
    public async Task A_revoked_doctor_cannot_read_past_visits_and_their_circuits_end()
    {
        var visitId = await CompleteVisitAsync(_portal);
        var doctor = _portal.As("dr.chen");
        Assert.NotNull(await doctor.Queries.FindAsync(visitId));
        var ended = new TaskCompletionSource();
        _portal.Get<OpenCircuits>().Add(new object(), await PrincipalOfAsync("dr.chen"), () => ended.TrySetResult());

        var serial = (await _portal.AsCloud().Registry.CertificatesAsync()).Single(c => c.DoctorId == "dr-chen").Serial;
        await _portal.AsCloud().Registrations.RevokeCertificateAsync(serial, "licence suspended");

        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => doctor.Queries.FindAsync(visitId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => doctor.Queries.RecoveredAsync(visitId, "M_SD"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => doctor.Evidence.ExportAsync(visitId));
        // Other doctors are untouched.
        Assert.NotNull(await _portal.As("dr.huang").Queries.VisitsAsync());
    }

    [Fact]
    public async Task An_administrator_cannot_lock_themself_out_and_bad_input_changes_nothing()
    {
        var cloud = _portal.AsCloud().AccountAdmin;
        var self = await IdOfAsync(CloudAdmin);
        var bob = await IdOfAsync("bob");
        Assert.Equal("account", (await Assert.ThrowsAsync<PortalValidationException>(() => cloud.SetDisabledAsync(self, true, "oops"))).Field);
        Assert.Equal("account", (await Assert.ThrowsAsync<PortalValidationException>(() => cloud.ChangeRoleAsync(self, Roles.Patient, "oops"))).Field);
        Assert.Equal("role", (await Assert.ThrowsAsync<PortalValidationException>(() => cloud.ChangeRoleAsync(bob, "Root", "x"))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<PortalValidationException>(() => cloud.SetDisabledAsync(bob, true, " "))).Field);
        Assert.Equal("account", (await Assert.ThrowsAsync<PortalValidationException>(() => cloud.SetDisabledAsync(int.MaxValue, true, "x"))).Field);

        var rows = await cloud.AccountsAsync();
        Assert.All(rows, r => Assert.Null(r.DisabledAt));
        Assert.Equal(Roles.CloudAdmin, rows.Single(r => r.UserName == CloudAdmin).Role);
        Assert.NotNull(await _portal.AsCloud().Queries.AuditAsync(1));
    }

    private async Task<int> IdOfAsync(string userName)
    {
        await using var db = _portal.OpenDb();
        return await db.Accounts.Where(a => a.UserName == userName).Select(a => a.Id).SingleAsync();
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalOfAsync(string userName)
    {
        await using var db = _portal.OpenDb();
        return AccountService.CreatePrincipal(await db.Accounts.SingleAsync(a => a.UserName == userName));
    }
}
