using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Infrastructure.Persistence.UpgradeFixtureV1;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Registry;

/// <summary>
/// "Renew keys" on a data folder the previous version wrote (every party issued with escrow): a patient, a doctor and
/// a hospital renew without escrow, the public cloud no longer holds their S_X (in memory or on disk), and they run a
/// hardened visit, before and after a restart. The cloud administrator sees who is still escrowed.
/// </summary>
public sealed class KeyRenewalTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartOverCopyAsync(Folder, new ManualClock(ReopenedAt));

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<RegistrationOutcome> RenewAsync(string partyId)
    {
        var outcome = await _portal.AsParty(partyId).Registrations.RenewKeysAsync();
        Assert.True(outcome.Approved, outcome.Message);
        return outcome;
    }

    [Fact]
    public async Task Upgraded_parties_renew_without_escrow_then_run_a_hardened_visit_across_a_restart()
    {
        var escrowedBefore = _portal.Host.Cloud.FindRegistered(PartyRole.Doctor, "dr-chen")!.R;

        var renewal = await RenewAsync("dr-chen");
        await RenewAsync("alice");
        await RenewAsync(South);

        Assert.Contains(renewal.Events.OfType<VerificationView>(), c => c.Equation == 10 && c.Check == "(k_U + w)·P = R + e·PK" && c.Passed);
        foreach (var (role, id) in new[] { (PartyRole.Doctor, "dr-chen"), (PartyRole.Patient, "alice"), (PartyRole.HospitalCloud, South) })
        {
            var registered = _portal.Host.Cloud.FindRegistered(role, id)!;
            Assert.Equal(KeyIssuance.EscrowFree, registered.Issuance);
            Assert.Null(registered.ExportIssuedScalarForSealedStorage());
        }
        Assert.False(escrowedBefore.SameAs(_portal.Host.Cloud.Directory.Find("dr-chen", PartyRole.Doctor)!.R));
        await AssertStoredWithoutEscrowAsync("alice", "dr-chen", South);

        var visit = await CompleteVisitAsync(_portal, "alice", "dr-chen", "cardiology");
        var status = await StatusAsync(_portal, visit);
        Assert.Equal((VisitStatus.Diagnosed, ProtocolProfile.Hardened, South), (status.Status, status.Profile, status.HospitalId));
        Assert.Empty(await _portal.AsCloud().Registry.EscrowedOfAsync((PartyRole.Patient, "alice"), (PartyRole.Doctor, "dr-chen")));

        await _portal.RestartAsync();

        // The renewed keys come back from the parties' own sealed storage and pass Eqs. 4, 7, 10 again.
        Assert.Equal(KeyIssuance.EscrowFree, _portal.Host.Doctors["dr-chen"].Credentials!.Issuance);
        Assert.Equal(VisitStatus.Diagnosed, (await StatusAsync(_portal, await CompleteVisitAsync(_portal, "alice", "dr-chen", "cardiology"))).Status);
        await using var db = _portal.OpenDb();
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Action == "Keys renewed" && a.Actor == "alice" && a.Outcome.StartsWith("escrow-free", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cloud_administrator_sees_who_is_still_escrowed_and_renewing_twice_is_refused()
    {
        await RenewAsync("bob");

        var approved = (await _portal.AsCloud().Registry.RegistrationsAsync()).Where(r => r.Status == RegistrationStatus.Approved).ToList();

        Assert.Equal(["bob"], approved.Where(r => r.Issuance == KeyIssuance.EscrowFree).Select(r => r.PartyId));
        Assert.Equal(10, approved.Count(r => r.Issuance == KeyIssuance.Escrowed));
        var again = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("bob").Registrations.RenewKeysAsync());
        Assert.Equal(("keys", "These keys were issued without escrow already."), (again.Field, again.Message));
    }

    [Fact]
    public async Task A_doctor_whose_Cert_D_was_revoked_cannot_renew_and_stays_escrowed()
    {
        // A doctor whose every Cert_D is revoked is refused at the service, before any protocol step (issue 11, finding 6).
        var refused = await Assert.ThrowsAsync<EmrAuth.Web.Infrastructure.Security.AccessDeniedException>(() => _portal.As("dr.ng").Registrations.RenewKeysAsync());

        Assert.Equal(EmrAuth.Web.Infrastructure.Security.AccountAccess.SessionEndedMessage, refused.Message);
        Assert.Equal(KeyIssuance.Escrowed, _portal.Host.Cloud.FindRegistered(PartyRole.Doctor, "dr-ng")!.Issuance);
        await using var db = _portal.OpenDb();
        var stored = await db.Registrations.SingleAsync(r => r.PartyId == "dr-ng");
        Assert.Equal((KeyIssuance.Escrowed, true), (stored.Issuance, stored.SealedScalar is not null));
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Action == "Renew keys" && a.Actor == "dr.ng" && a.Outcome.StartsWith("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_upgraded_index_is_resealed_in_the_hardened_form_at_the_first_start()
    {
        await using var db = _portal.OpenDb();
        var stored = await db.IndexRecords.ToListAsync();

        Assert.Equal(6, stored.Count);
        Assert.All(stored, i => Assert.Equal(ProtocolProfile.Hardened, i.Form));
        Assert.Equal(ProtocolProfile.Hardened, _portal.Host.Cloud.Index.Form);
        Assert.Equal(stored.ToDictionary(i => i.KeyHex, i => Convert.ToHexString(i.Masked)),
            _portal.Host.Cloud.Index.MaskedRecords.ToDictionary(r => r.Key, r => Convert.ToHexString(r.Value)));
    }

    private async Task AssertStoredWithoutEscrowAsync(params string[] partyIds)
    {
        await using var db = _portal.OpenDb();
        foreach (var id in partyIds)
        {
            var stored = await db.Registrations.SingleAsync(r => r.PartyId == id);
            Assert.Equal((KeyIssuance.EscrowFree, false, true), (stored.Issuance, stored.SealedScalar is not null, stored.SealedPartyKey is not null));
        }
    }
}
