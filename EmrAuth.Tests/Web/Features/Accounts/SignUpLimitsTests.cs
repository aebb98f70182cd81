using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Accounts;

/// <summary>
/// Issue 11, finding 5: sign-up is limited per client address and overall, a taken user name and a taken identity get
/// one answer that names neither, and a registration left pending for 7 days or refused 30 days ago frees its user
/// name and identity.
/// </summary>
public sealed class SignUpLimitsTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private SignUpOptions Limits => _portal.Get<IOptions<SignUpOptions>>().Value;

    [Fact]
    public async Task One_address_gets_its_allowance_then_the_limit_message_while_another_address_still_signs_up()
    {
        (Limits.PerAddressPerHour, Limits.OverallPerHour) = (3, 5);
        var before = await AccountCountAsync();
        for (var i = 0; i < 3; i++)
        {
            await SignUpFromAsync("203.0.113.7", $"spam-{i}");
        }
        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync("203.0.113.7", "spam-3"));
        Assert.Equal(("form", SignUpService.TooMany), (refused.Field, refused.Message));
        Assert.Equal(before + 3, await AccountCountAsync());

        await SignUpFromAsync("198.51.100.1", "other-0");
        await SignUpFromAsync("198.51.100.2", "other-1");
        // Five in the hour from everyone together: a sixth address is refused too.
        Assert.Equal(SignUpService.TooMany, (await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync("198.51.100.3", "other-2"))).Message);

        _portal.Clock.Advance(TimeSpan.FromMinutes(61));
        await SignUpFromAsync("203.0.113.7", "spam-4");
        Assert.Equal(before + 6, await AccountCountAsync());
    }

    [Fact]
    public async Task A_taken_user_name_and_a_taken_patient_id_get_the_same_answer()
    {
        var takenName = await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync("192.0.2.1", "erin", userName: "alice"));
        var takenId = await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync("192.0.2.1", "bob", userName: "erin"));
        Assert.Equal(("form", SignUpService.NotAvailable), (takenName.Field, takenName.Message));
        Assert.Equal(("form", SignUpService.NotAvailable), (takenId.Field, takenId.Message));
        Assert.DoesNotContain("taken", takenId.Message);
    }

    [Fact]
    public async Task A_pending_registration_expires_after_seven_days_and_frees_its_name_and_identity()
    {
        await SignUpFromAsync("192.0.2.2", "erin");
        _portal.Clock.Advance(TimeSpan.FromDays(6));
        await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync("192.0.2.3", "erin"));

        _portal.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await SignUpFromAsync("192.0.2.3", "erin", userName: "erin.again");

        await using var db = _portal.OpenDb();
        Assert.False(await db.Accounts.AnyAsync(a => a.UserName == "erin"));
        Assert.Equal(RegistrationStatus.Pending, (await db.Registrations.SingleAsync(r => r.PartyId == "erin")).Status);
        Assert.Contains(await db.AuditEntries.Select(e => e.Action + " " + e.Outcome).ToListAsync(), a => a == "Sign-up released expired while pending");
    }

    [Fact]
    public async Task A_restart_releases_what_expired_while_the_portal_was_down()
    {
        await SignUpFromAsync("192.0.2.6", "gina");
        await _portal.RestartAsync(downtime: TimeSpan.FromDays(8));
        await using var db = _portal.OpenDb();
        Assert.False(await db.Registrations.AnyAsync(r => r.PartyId == "gina"));
        Assert.False(await db.Accounts.AnyAsync(a => a.UserName == "gina"));
    }

    [Fact]
    public async Task A_refused_registration_keeps_its_identity_for_thirty_days_then_frees_it()
    {
        await SignUpFromAsync("192.0.2.4", "finn");
        await using (var db = _portal.OpenDb())
        {
            var id = await db.Registrations.Where(r => r.PartyId == "finn").Select(r => r.Id).SingleAsync();
            await _portal.AsCloud().Registrations.RefuseAsync(id, "not a patient of ours");
        }
        _portal.Clock.Advance(TimeSpan.FromDays(29));
        await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync("192.0.2.5", "finn", userName: "finn.two"));
        _portal.Clock.Advance(TimeSpan.FromDays(2));
        await SignUpFromAsync("192.0.2.5", "finn", userName: "finn.two");
        await using var after = _portal.OpenDb();
        Assert.Equal(RegistrationStatus.Pending, (await after.Registrations.SingleAsync(r => r.PartyId == "finn")).Status);
    }

    private Task SignUpFromAsync(string address, string partyId, string? userName = null) => SignUpFromAsync(_portal, address, partyId, userName);

    /// <summary>A patient's sign-up on <paramref name="portal"/> as a visitor from <paramref name="address"/> submits it.</summary>
    internal static async Task SignUpFromAsync(PortalHarness portal, string address, string partyId, string? userName = null)
    {
        await using var session = new PortalSession(portal.Services, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));
        session.Get<ClientAddress>().Value = address;
        await session.SignUp.SignUpAsync(new SignUpForm
        {
            Kind = Roles.Patient, UserName = userName ?? partyId, Password = "a-long-password-1", DisplayName = partyId,
            PartyId = partyId, BiometricSecret = partyId + "-thumb-template-0001",
        });
    }

    private async Task<int> AccountCountAsync()
    {
        await using var db = _portal.OpenDb();
        return await db.Accounts.CountAsync();
    }
}
