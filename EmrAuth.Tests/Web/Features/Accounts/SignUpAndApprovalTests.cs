using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Accounts;

/// <summary>
/// Sign-up creates the account and the pending registration together or not at all; approval runs the real
/// registration; a doctor's approval issues Cert_D, and its revocation takes effect at the next Cert_D check.
/// </summary>
public sealed class SignUpAndApprovalTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<string, string, string, string, string> RefusedPatientForms => new()
    {
        // user name, password, display name, party id → field
        { "erin", "erin-password-1", "Erin Walsh", "alice", "form" },               // identity of an existing patient: not named (finding 5)
        { "erin", "erin-password-1", "Erin Walsh", "Erin!", "partyId" },            // not an identity
        { "erin", "erin-password-1", "Erin Walsh", "e", "partyId" },                // too short
        { "alice", "erin-password-1", "Erin Walsh", "erin", "form" },               // user name taken: the same answer
        { "Erin Walsh", "erin-password-1", "Erin Walsh", "erin", "userName" },      // space in the user name
        { "er", "erin-password-1", "Erin Walsh", "erin", "userName" },              // too short
        { "erin", "short", "Erin Walsh", "erin", "password" },                      // password too short
        { "erin", new string('p', 257), "Erin Walsh", "erin", "password" },         // password too long
        { "erin", "erin-password-1", "  ", "erin", "displayName" },                 // no name
    };

    [Theory]
    [MemberData(nameof(RefusedPatientForms))]
    public async Task A_refused_patient_sign_up_names_the_field_and_stores_nothing(string userName, string password, string displayName, string partyId, string field)
    {
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Anonymous().SignUp.SignUpAsync(Patient(userName, password, displayName, partyId)));

        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_refused_biometric_secret_or_kind_stores_nothing()
    {
        var before = await SnapshotAsync();

        var form = Patient("erin", "erin-password-1", "Erin Walsh", "erin");
        form.BiometricSecret = "too-short";
        Assert.Equal("biometricSecret", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Anonymous().SignUp.SignUpAsync(form))).Field);
        form = Patient("erin", "erin-password-1", "Erin Walsh", "erin");
        form.Kind = Roles.CloudAdmin;
        Assert.Equal("kind", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Anonymous().SignUp.SignUpAsync(form))).Field);
        var doctor = new SignUpForm { Kind = Roles.Doctor, UserName = "dr.ng", Password = "dr-ng-password", DisplayName = "Dr. Ng", PartyId = "dr-ng", DepartmentId = "dermatology" };
        Assert.Equal("departmentId", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Anonymous().SignUp.SignUpAsync(doctor))).Field);
        var hospital = new SignUpForm { Kind = Roles.HospitalAdmin, UserName = "admin.east", Password = "admin-east-pw", DisplayName = "East Clinic", PartyId = "east-clinic", Departments = "" };
        Assert.Equal("departments", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Anonymous().SignUp.SignUpAsync(hospital))).Field);

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_hospital_sign_up_naming_a_department_twice_is_refused_and_stores_nothing()
    {
        var before = await SnapshotAsync();
        var hospital = new SignUpForm
        {
            Kind = Roles.HospitalAdmin, UserName = "admin.east", Password = "admin-east-pw", DisplayName = "East Clinic", PartyId = "east-clinic",
            Departments = "cardiology: Cardiology\nradiology: Radiology\ncardiology: Heart centre",
        };

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Anonymous().SignUp.SignUpAsync(hospital));

        Assert.Equal("departments", error.Field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_valid_patient_sign_up_creates_the_account_and_a_pending_registration_then_approval_registers_the_patient()
    {
        await _portal.Anonymous().SignUp.SignUpAsync(Patient("Erin", "erin-password-1", "Erin Walsh", "erin"));

        var registration = await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin");
        Assert.NotNull(registration);
        Assert.Equal((RegistrationStatus.Pending, "Erin Walsh"), (registration.Status, registration.DisplayName));
        Assert.NotNull(registration.SealedBiometricPassword);
        Assert.Null(registration.R);
        Assert.Null(registration.SealedScalar);
        Assert.Equal(registration.Id, (await _portal.AsCloud().Registry.RegistrationsAsync())[0].Id); // pending first
        await using (var db = _portal.OpenDb())
        {
            var account = await db.Accounts.SingleAsync(a => a.UserName == "erin");
            Assert.Equal((Roles.Patient, "erin", "Erin Walsh"), (account.Role, account.PartyId, account.DisplayName));
            Assert.NotNull(await _portal.Accounts.VerifyAsync(db, "erin", "erin-password-1"));
        }
        Assert.False(_portal.Host.Patients.ContainsKey("erin"));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("erin").Visits.StartAsync("dr-chen"));

        var outcome = await _portal.AsCloud().Registrations.ApproveAsync(registration.Id);

        Assert.True(outcome.Approved, outcome.Message);
        var checks = outcome.Events.OfType<VerificationView>().ToList();
        Assert.All(checks, c => Assert.True(c.Passed, c.Reason));
        var eq4 = Assert.Single(checks, c => c.Equation == 4);
        Assert.Equal("Patient erin", eq4.Verifier.ToString());
        Assert.Contains(outcome.Events.OfType<MessageView>(), m => m.Receiver.Role == "PublicCloud" && m.Sender.Id == "erin");

        var approved = await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin");
        Assert.Equal(RegistrationStatus.Approved, approved!.Status);
        Assert.NotNull(approved.R);
        // The portal issues without escrow: the patient's S_X is sealed for the patient; the public cloud keeps no copy.
        Assert.Equal((KeyIssuance.EscrowFree, true, false), (approved.Issuance, approved.SealedPartyKey is not null, approved.SealedScalar is not null));
        Assert.Null(_portal.Host.Cloud.FindRegistered(PartyRole.Patient, "erin")!.ExportIssuedScalarForSealedStorage());
        Assert.Equal(_portal.Clock.GetUtcNow(), approved.DecidedAt);
        Assert.True(_portal.Host.Patients.ContainsKey("erin"));
        Assert.DoesNotContain((await _portal.AsCloud().Registry.DirectoryAsync()).Entries, e => e.Id == "erin");
        Assert.Contains(await _portal.AsParty("erin").Queries.AuditForPatientAsync(), a => a.Action == "Registration" && a.Outcome == "approved");

        // Approving twice is refused.
        var again = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.ApproveAsync(registration.Id));
        Assert.Contains("already approved", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.RefuseAsync(registration.Id, "too late"));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.ApproveAsync(999_999));

        // The new patient can visit a doctor, before and after a restart (B_P and S_P were sealed, not lost).
        var (visitId, started) = await _portal.AsParty("erin").Visits.StartAsync("dr-chen");
        AssertSucceeded(started);
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        await _portal.RestartAsync();
        var (second, _) = await _portal.AsParty("erin").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(second));
        AssertSucceeded(await _portal.AsParty("erin").Visits.SendReadingsAsync(second, "HR 64 bpm"));
    }

    [Fact]
    public async Task A_refused_registration_is_recorded_and_cannot_be_approved()
    {
        await _portal.Anonymous().SignUp.SignUpAsync(Patient("erin", "erin-password-1", "Erin Walsh", "erin"));
        var id = (await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin"))!.Id;

        Assert.Equal("note", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.RefuseAsync(id, " "))).Field);
        Assert.Equal(RegistrationStatus.Pending, (await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin"))!.Status);

        await _portal.AsCloud().Registrations.RefuseAsync(id, "Identity could not be confirmed");

        var refused = await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Patient), "erin");
        Assert.Equal((RegistrationStatus.Refused, "Identity could not be confirmed"), (refused!.Status, refused.DecisionNote));
        Assert.Null(refused.R);
        var error = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.ApproveAsync(id));
        Assert.Contains("already refused", error.Message, StringComparison.Ordinal);
        Assert.False(_portal.Host.Patients.ContainsKey("erin"));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.RefuseAsync(id, "again"));
    }

    [Fact]
    public async Task A_doctors_approval_issues_Cert_D_and_a_revocation_stops_the_doctor_at_once()
    {
        await _portal.Anonymous().SignUp.SignUpAsync(new SignUpForm
        {
            Kind = Roles.Doctor, UserName = "dr.ng", Password = "dr-ng-password", DisplayName = "Dr. Ada Ng", PartyId = "dr-ng", DepartmentId = "cardiology",
        });
        var pending = (await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Doctor), "dr-ng"))!;
        Assert.Equal((RegistrationStatus.Pending, "cardiology", null), (pending.Status, pending.DepartmentId, pending.CertificateSerial));
        Assert.DoesNotContain(await _portal.AsCloud().Registry.DoctorsAsync(), d => d.Id == "dr-ng");

        var outcome = await _portal.AsCloud().Registrations.ApproveAsync(pending.Id);

        Assert.True(outcome.Approved, outcome.Message);
        var checks = outcome.Events.OfType<VerificationView>().ToList();
        Assert.Contains(checks, c => c.Check == "Cert_D legal" && c.Passed && c.Verifier.Role == "PublicCloud");
        Assert.Contains(checks, c => c.Equation == 10 && c.Passed);
        var approved = (await _portal.AsCloud().Registry.RegistrationOfAsync(nameof(PartyRole.Doctor), "dr-ng"))!;
        var certificate = Assert.Single(await _portal.AsCloud().Registry.CertificatesAsync(), c => c.DoctorId == "dr-ng");
        Assert.Equal(approved.CertificateSerial, certificate.Serial);
        Assert.Equal("cardiology", certificate.DepartmentId);
        Assert.Equal(_portal.Clock.GetUtcNow(), certificate.NotBefore);
        Assert.Equal(_portal.Clock.GetUtcNow() + RegistrationService.CertificateValidity, certificate.NotAfter);
        Assert.Null(certificate.RevokedAt);
        var listing = Assert.Single(await _portal.AsCloud().Registry.DoctorsAsync(), d => d.Id == "dr-ng");
        Assert.Equal(new DoctorListing("dr-ng", "Dr. Ada Ng", "cardiology", certificate.Serial), listing);

        // A visit the patient requested while the certificate was good...
        var (visitId, started) = await _portal.AsParty("alice").Visits.StartAsync("dr-ng");
        AssertSucceeded(started);

        _portal.Clock.Advance(TimeSpan.FromSeconds(5));
        await _portal.AsCloud().Registrations.RevokeCertificateAsync(certificate.Serial, "Licence suspended");

        var revoked = Assert.Single(await _portal.AsCloud().Registry.CertificatesAsync(), c => c.DoctorId == "dr-ng");
        Assert.Equal((_portal.Clock.GetUtcNow(), "Licence suspended"), (revoked.RevokedAt, revoked.RevocationReason));
        Assert.DoesNotContain(await _portal.AsCloud().Registry.DoctorsAsync(), d => d.Id == "dr-ng");
        Assert.Equal(3, (await _portal.AsCloud().Registry.DoctorsAsync()).Count);
        var twice = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsCloud().Registrations.RevokeCertificateAsync(certificate.Serial, "again"));
        Assert.Equal("serial", twice.Field);

        // ...stops at once: the services refuse a doctor whose every Cert_D is revoked (issue 11, finding 6), before any
        // protocol step; Eq. 20 still guards the protocol itself (EmrAuth.Tests/Phases).
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-ng").Visits.AcceptAsync(visitId));
        Assert.Equal(AccountAccess.SessionEndedMessage, refused.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-ng").Queries.FindAsync(visitId));
        Assert.Equal(VisitStatus.Requested, (await StatusAsync(_portal, visitId)).Status);
    }

    private static SignUpForm Patient(string userName, string password, string displayName, string partyId) => new()
    {
        Kind = Roles.Patient,
        UserName = userName,
        Password = password,
        DisplayName = displayName,
        PartyId = partyId,
        BiometricSecret = $"{partyId}-device-fingerprint-template",
    };

    /// <summary>Everything sign-up could store: accounts, registrations, departments, audit.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = _portal.OpenDb();
        var accounts = await db.Accounts.OrderBy(a => a.Id).Select(a => a.UserName).ToListAsync();
        var registrations = await db.Registrations.OrderBy(r => r.Id).Select(r => r.Role + " " + r.PartyId + " " + r.Status).ToListAsync();
        var departments = await db.Departments.OrderBy(d => d.Id).Select(d => d.HospitalId + "/" + d.DepartmentId).ToListAsync();
        var audit = await db.AuditEntries.CountAsync();
        return string.Join("|", accounts) + "\n" + string.Join("|", registrations) + "\n" + string.Join("|", departments) + "\naudit " + audit;
    }
}
