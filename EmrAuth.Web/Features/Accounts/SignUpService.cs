using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Features.Accounts;

/// <summary>A sign-up form: the account, and the registration request it makes to the public cloud.</summary>
public sealed class SignUpForm
{
    public string Kind { get; set; } = Roles.Patient;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>ID_P, ID_D or ID_HPC.</summary>
    public string PartyId { get; set; } = "";

    /// <summary>Patients: the smart device's biometric secret (B_P is derived from it; it is not stored).</summary>
    public string BiometricSecret { get; set; } = "";

    /// <summary>Doctors: the department of the certificate applied for.</summary>
    public string DepartmentId { get; set; } = "";

    /// <summary>Hospitals: one department per line, "id: name".</summary>
    public string Departments { get; set; } = "";
}

/// <summary>
/// Creates the account and the pending registration together in one transaction: a refused form leaves neither.
/// </summary>
public sealed class SignUpService(IDbContextFactory<EmrAuthDbContext> dbFactory, AccountService accounts, RegistrationService registrations,
    AuditLog audit, VisitHub hub, SignUpLimiter limiter, ClientAddress client, TimeProvider clock, IOptions<SignUpOptions> options)
{
    /// <summary>
    /// The one answer to a user name or identity that is in use: it does not say which of the two, and never that an
    /// identity (a patient id) exists. With the rate limits this is as little as a unique-name check can reveal.
    /// </summary>
    public const string NotAvailable = "That user name or identity is not available. Please choose another.";

    public const string TooMany = "Too many sign-up requests just now. Please try again in an hour.";

    /// <summary>The hospital form's department list as a whole (each name is limited on its own too).</summary>
    public const int MaxDepartmentsLength = 2000;

    public async Task SignUpAsync(SignUpForm form)
    {
        if (!await limiter.TryAcquireAsync(client.Value))
        {
            throw new PortalValidationException("form", TooMany);
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        await SignUpRelease.ReleaseAsync(db, options.Value, clock.GetUtcNow(), audit);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var partyId = PortalValidation.Identity("partyId", form.PartyId);
        try
        {
            _ = form.Kind switch
            {
                Roles.Patient => await registrations.SubmitPatientAsync(db, partyId, form.DisplayName, form.BiometricSecret),
                Roles.Doctor => await registrations.SubmitDoctorAsync(db, partyId, form.DisplayName, form.DepartmentId),
                Roles.HospitalAdmin => await registrations.SubmitHospitalAsync(db, partyId, form.DisplayName,
                    ParseDepartments(PortalValidation.Text("departments", form.Departments, MaxDepartmentsLength))),
                _ => throw new PortalValidationException("kind", "Choose patient, doctor or hospital."),
            };
        }
        catch (PortalValidationException e) when (e.Field is "id" || (e.Field == "patientId" && e.Message.Contains("taken", StringComparison.Ordinal)))
        {
            throw new PortalValidationException("form", NotAvailable);
        }
        catch (PortalValidationException e) when (e.Field is "patientId" or "doctorId" or "hospitalId")
        {
            // RegistrationService names the identity by role ("patientId", or "id" when taken); on this form it is PartyId.
            throw new PortalValidationException("partyId", e.Message);
        }
        try
        {
            await accounts.CreateAsync(db, form.UserName, form.Password, form.Kind, partyId, PortalValidation.Text("displayName", form.DisplayName, 100));
        }
        catch (AccountValidationException e) when (e.Message.Contains("taken", StringComparison.Ordinal))
        {
            throw new PortalValidationException("form", NotAvailable);
        }
        catch (AccountValidationException e)
        {
            throw new PortalValidationException(e.Field, e.Message);
        }
        audit.Add(db, form.UserName, "Sign-up", $"{form.Kind} {partyId}", "registration requested", form.Kind == Roles.Patient ? partyId : null);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        hub.PublishRegistryChange("registrations");
    }

    private static List<(string Id, string Name)> ParseDepartments(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(parts => (parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0]))
            .ToList();
}
