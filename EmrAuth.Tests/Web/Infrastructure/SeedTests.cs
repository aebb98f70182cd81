using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Tests.Web.Infrastructure;

/// <summary>A first start seeds the demo world through the real registrations and index registrations.</summary>
public sealed class SeedTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task First_start_registers_two_hospitals_three_doctors_and_four_patients()
    {
        var registrations = await _portal.AsCloud().Registry.RegistrationsAsync();

        Assert.All(registrations, r => Assert.Equal(RegistrationStatus.Approved, r.Status));
        Assert.Equal(["north-general", "south-university"], Ids(registrations, nameof(PartyRole.HospitalCloud)));
        Assert.Equal(["dr-chen", "dr-deng", "dr-huang"], Ids(registrations, nameof(PartyRole.Doctor)));
        Assert.Equal(["alice", "bob", "carol", "dan"], Ids(registrations, nameof(PartyRole.Patient)));
        Assert.All(registrations, r => Assert.NotNull(r.R));
        // Issued without escrow: only the party's own sealed S_X is stored; the public cloud keeps none.
        Assert.All(registrations, r => Assert.Equal((KeyIssuance.EscrowFree, true, false), (r.Issuance, r.SealedPartyKey is not null, r.SealedScalar is not null)));
        Assert.All(registrations.Where(r => r.Role == nameof(PartyRole.Patient)), r => Assert.NotNull(r.SealedBiometricPassword));

        Assert.Equal(["north-general", "south-university"], _portal.Host.Hospitals.Keys.Order());
        Assert.Equal(["dr-chen", "dr-deng", "dr-huang"], _portal.Host.Doctors.Keys.Order());
        Assert.Equal(["alice", "bob", "carol", "dan"], _portal.Host.Patients.Keys.Order());
        Assert.All(_portal.Host.Patients.Values, p => Assert.NotNull(p.Credentials));

        var certificates = await _portal.AsCloud().Registry.CertificatesAsync();
        Assert.Equal(
            [("dr-chen", "cardiology"), ("dr-deng", "oncology"), ("dr-huang", "neurology")],
            certificates.Select(c => (c.DoctorId, c.DepartmentId)).Order());
        Assert.All(certificates, c => Assert.Null(c.RevokedAt));
        var doctors = await _portal.AsCloud().Registry.DoctorsAsync();
        Assert.Equal(["Dr. Li Deng", "Dr. Mei Chen", "Dr. Wei Huang"], doctors.Select(d => d.DisplayName));
    }

    [Fact]
    public async Task First_start_stores_four_records_each_with_its_index_entry()
    {
        var north = (await _portal.AsParty("north-general").Records.RecordsAsync());
        var south = (await _portal.AsParty("south-university").Records.RecordsAsync());

        Assert.Equal([("alice", "cardiology"), ("bob", "neurology")], north.Select(r => (r.PatientId, r.DepartmentId)));
        Assert.Equal([("carol", "cardiology"), ("dan", "oncology")], south.Select(r => (r.PatientId, r.DepartmentId)));
        var alice = Assert.Single(Assert.Single(north, r => r.PatientId == "alice").Entries);
        Assert.Equal(PortalSteps.AliceRecord, alice.Text);
        Assert.Equal("north-general", alice.Author);

        string[] expectedKeys = [Key("alice", "cardiology"), Key("bob", "neurology"), Key("carol", "cardiology"), Key("dan", "oncology")];
        Assert.Equal(expectedKeys.Order(), (await _portal.AsCloud().Registry.IndexAsync()).Select(i => i.KeyHex));
        await using var db = _portal.OpenDb();
        Assert.Equal(expectedKeys.Order(), (await db.IndexRecords.Select(i => i.KeyHex).ToListAsync()).Order());
        Assert.Equal(4, await db.EmrEntries.CountAsync());
        Assert.Equal(
            [("north-general", "alice", "cardiology"), ("north-general", "bob", "neurology"), ("south-university", "carol", "cardiology"), ("south-university", "dan", "oncology")],
            (await db.EmrEntries.ToListAsync()).Select(e => (e.HospitalId, e.PatientId, e.DepartmentId)).Order());
    }

    [Fact]
    public async Task First_start_creates_an_account_for_every_role_that_signs_in_with_the_demo_password()
    {
        await using var db = _portal.OpenDb();
        var accounts = await db.Accounts.OrderBy(a => a.UserName).ToListAsync();

        Assert.Equal(
            [
                ("admin.north", Roles.HospitalAdmin, "north-general"),
                ("admin.south", Roles.HospitalAdmin, "south-university"),
                ("alice", Roles.Patient, "alice"),
                ("bob", Roles.Patient, "bob"),
                ("carol", Roles.Patient, "carol"),
                ("cloud.admin", Roles.CloudAdmin, null),
                ("dan", Roles.Patient, "dan"),
                ("dr.chen", Roles.Doctor, "dr-chen"),
                ("dr.deng", Roles.Doctor, "dr-deng"),
                ("dr.huang", Roles.Doctor, "dr-huang"),
            ],
            accounts.Select(a => (a.UserName, a.Role, a.PartyId)));
        Assert.Equal(Roles.All.Order(), accounts.Select(a => a.Role).Distinct().Order());

        // The demo accounts the login page lists are exactly the seeded ones, and their password works.
        var demo = _portal.Get<IDemoAccounts>().Accounts;
        Assert.Equal(accounts.Select(a => a.UserName), demo.Select(d => d.UserName).Order());
        foreach (var account in demo)
        {
            var principal = await _portal.Accounts.VerifyAsync(db, account.UserName, account.Password);
            Assert.NotNull(principal);
            Assert.True(principal.IsInRole(account.Role), $"{account.UserName} should be a {account.Role}");
        }
        Assert.Null(await _portal.Accounts.VerifyAsync(db, "alice", "not-the-password"));
    }

    [Fact]
    public async Task The_public_clouds_directory_lists_hospitals_and_doctors_but_no_patient()
    {
        var entries = (await _portal.AsCloud().Registry.DirectoryAsync()).Entries;

        Assert.Equal(["north-general", "south-university"], entries.Where(e => e.Role == PartyRole.HospitalCloud).Select(e => e.Id).Order());
        Assert.Equal(["dr-chen", "dr-deng", "dr-huang"], entries.Where(e => e.Role == PartyRole.Doctor).Select(e => e.Id).Order());
        Assert.DoesNotContain(entries, e => e.Role == PartyRole.Patient);
        Assert.Equal(5, entries.Count);
        Assert.All(entries.Where(e => e.Role == PartyRole.Doctor), e => Assert.NotNull(e.Certificate));
    }

    [Fact]
    public async Task A_second_start_does_not_seed_again()
    {
        await _portal.RestartAsync();

        await using var db = _portal.OpenDb();
        Assert.Equal(9, await db.Registrations.CountAsync());
        Assert.Equal(10, await db.Accounts.CountAsync());
        Assert.Equal(4, await db.EmrEntries.CountAsync());
        Assert.Equal(1, await db.CloudSecrets.CountAsync());
        Assert.Equal(3, await db.Certificates.CountAsync());
        Assert.Equal(9, _portal.Host.Hospitals.Count + _portal.Host.Doctors.Count + _portal.Host.Patients.Count);
    }

    private static string[] Ids(IEnumerable<PartyRegistration> registrations, string role) =>
        registrations.Where(r => r.Role == role).Select(r => r.PartyId).Order().ToArray();

    private static string Key(string patient, string department) => Convert.ToHexString(EmrIndex.KeyOf(patient, department));
}
