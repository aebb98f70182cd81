using System.Text;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Registry;

/// <summary>What an approval did: the registration's checks (Eqs. 4, 7, 10 and Cert_D) as the portal shows them.</summary>
public sealed record RegistrationOutcome(bool Approved, string Message, IReadOnlyList<EventView> Events);

/// <summary>
/// Registration requests of patients, doctors and hospitals, and the cloud administrators' decisions on them.
/// Approval runs the real registration (Eqs. 2–10); a doctor's Cert_D is issued by the medical authority first.
/// Only cloud administrators decide; the requests themselves are steps of a sign-up (<see cref="SignUpService"/>).
/// </summary>
public sealed class RegistrationService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, VisitHub hub,
    CurrentUser currentUser, MigrationHost migrations)
{
    public static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(365);

    /// <summary>A patient's device asks to register: B_P is derived here at once; the raw biometric secret is not kept.</summary>
    internal Task<PartyRegistration> SubmitPatientAsync(EmrAuthDbContext db, string patientId, string displayName, string biometricSecret)
    {
        var secret = PortalValidation.Text("biometricSecret", biometricSecret, 200, 16);
        var id = PortalValidation.Identity("patientId", patientId);
        var registration = NewRequest(PartyRole.Patient, id, displayName, null);
        registration.SealedBiometricPassword = sealer.SealKey(BiometricPassword.Derive(Encoding.UTF8.GetBytes(secret), id));
        return AddRequestAsync(db, registration);
    }

    internal async Task<PartyRegistration> SubmitDoctorAsync(EmrAuthDbContext db, string doctorId, string displayName, string departmentId)
    {
        var department = PortalValidation.Identity("departmentId", departmentId);
        var approvedHospitals = db.Registrations
            .Where(r => r.Role == nameof(PartyRole.HospitalCloud) && r.Status == RegistrationStatus.Approved)
            .Select(r => r.PartyId);
        if (!await db.Departments.AnyAsync(d => d.DepartmentId == department && approvedHospitals.Contains(d.HospitalId)))
        {
            throw new PortalValidationException("departmentId", "No hospital has this department.");
        }
        return await AddRequestAsync(db, NewRequest(PartyRole.Doctor, PortalValidation.Identity("doctorId", doctorId), displayName, department));
    }

    internal async Task<PartyRegistration> SubmitHospitalAsync(EmrAuthDbContext db, string hospitalId, string displayName, IReadOnlyList<(string Id, string Name)> departments)
    {
        var id = PortalValidation.Identity("hospitalId", hospitalId);
        if (departments.Count == 0)
        {
            throw new PortalValidationException("departments", "Name at least one department.");
        }
        if (departments.Select(d => d.Id.Trim()).Distinct().Count() != departments.Count)
        {
            // Departments has a unique (HospitalId, DepartmentId) index: a repeated id would fail at SaveChanges.
            throw new PortalValidationException("departments", "Name each department once.");
        }
        foreach (var (departmentId, name) in departments)
        {
            db.Departments.Add(new Department
            {
                HospitalId = id,
                DepartmentId = PortalValidation.Identity("departments", departmentId),
                Name = PortalValidation.Text("departments", name, 100),
            });
        }
        return await AddRequestAsync(db, NewRequest(PartyRole.HospitalCloud, id, displayName, null));
    }

    /// <summary>Runs registration steps 1–3 for a pending request and stores R_X with the sealed S_X.</summary>
    public async Task<RegistrationOutcome> ApproveAsync(int registrationId)
    {
        var actor = (await currentUser.RequireAsync("Approve registration", $"registration {registrationId}", Roles.CloudAdmin)).UserName;
        return await host.RunExclusiveAsync(() => ApproveAsync(registrationId, actor));
    }

    private async Task<RegistrationOutcome> ApproveAsync(int registrationId, string actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId)
            ?? throw new PortalValidationException("registration", "There is no such registration request.");
        if (registration.Status != RegistrationStatus.Pending)
        {
            throw new PortalValidationException("registration", $"This request was already {registration.Status.ToString().ToLowerInvariant()}.");
        }
        var transcript = new SessionTranscript($"registration-{registration.Id}");
        var participant = await CreateParticipantAsync(db, registration, actor);
        try
        {
            Deployment.Register(host.Cloud, participant, transcript);
        }
        catch (ProtocolViolationException e)
        {
            participant.Dispose();
            registration.Status = RegistrationStatus.Refused;
            registration.DecidedAt = host.Clock.GetUtcNow();
            registration.DecisionNote = e.FailedCheck.Reason;
            audit.Add(db, actor, "Registration", $"{registration.Role} {registration.PartyId}", $"refused at {e.FailedCheck.Reference}: {e.FailedCheck.Reason}");
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("registrations");
            return new RegistrationOutcome(false, $"Registration refused: {e.FailedCheck.Reason}", transcript.Events.Select(EventView.From).ToList());
        }
        StoreCredentials(registration, participant.Credentials!);
        registration.Status = RegistrationStatus.Approved;
        registration.DecidedAt = host.Clock.GetUtcNow();
        audit.Add(db, actor, "Registration", $"{registration.Role} {registration.PartyId}", "approved", registration.Role == nameof(PartyRole.Patient) ? registration.PartyId : null);
        await db.SaveChangesAsync();
        host.Add(participant);
        hub.PublishRegistryChange("registrations");
        return new RegistrationOutcome(true, $"{registration.DisplayName} is registered.", transcript.Events.Select(EventView.From).ToList());
    }

    /// <summary>
    /// Renews the signed-in party's escrowed keys without escrow (a patient or doctor their own, a hospital administrator
    /// the hospital's): the escrow-free registration runs again for the same identity, the directory lists the new R_X,
    /// and the public cloud's escrowed S_X is deleted. A hospital in the migration network gets a Cert_H for its new
    /// PUK_HPC (the old one is revoked). A Cert_D that is revoked or expired is refused at "Cert_D legal".
    /// </summary>
    public async Task<RegistrationOutcome> RenewKeysAsync()
    {
        var (user, partyId) = await currentUser.RequirePartyAsync("Renew keys", "own keys", Roles.Patient, Roles.Doctor, Roles.HospitalAdmin);
        var role = user.Role == Roles.HospitalAdmin ? nameof(PartyRole.HospitalCloud) : user.Role;
        return await host.RunExclusiveAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Role == role && r.PartyId == partyId && r.Status == RegistrationStatus.Approved)
                ?? throw new PortalValidationException("keys", "There is no approved registration to renew.");
            if (registration.Issuance != KeyIssuance.Escrowed)
            {
                throw new PortalValidationException("keys", "These keys were issued without escrow already.");
            }
            Participant party = role switch
            {
                nameof(PartyRole.Patient) => host.Patients[partyId],
                nameof(PartyRole.Doctor) => host.Doctors[partyId],
                _ => host.Hospitals[partyId],
            };
            var subject = $"{registration.Role} {registration.PartyId}";
            var patient = role == nameof(PartyRole.Patient) ? partyId : null;
            var transcript = new SessionTranscript($"renewal-{registration.Id}");
            try
            {
                Deployment.RenewWithoutEscrow(host.Cloud, party, transcript);
            }
            catch (ProtocolViolationException e)
            {
                audit.Add(db, user.UserName, "Keys renewed", subject, $"refused at {e.FailedCheck.Reference}: {e.FailedCheck.Reason}", patient);
                await db.SaveChangesAsync();
                return new RegistrationOutcome(false, $"Renewal refused: {e.FailedCheck.Reason}", transcript.Events.Select(EventView.From).ToList());
            }
            StoreCredentials(registration, party.Credentials!);
            audit.Add(db, user.UserName, "Keys renewed", subject, "escrow-free: the public cloud no longer holds S_X", patient);
            if (party is HospitalCloud hospital)
            {
                await migrations.RecertifyAsync(db, hospital, user.UserName);
            }
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("registrations");
            return new RegistrationOutcome(true, "Your keys were renewed without escrow.", transcript.Events.Select(EventView.From).ToList());
        });
    }

    public async Task RefuseAsync(int registrationId, string note)
    {
        var actor = (await currentUser.RequireAsync("Refuse registration", $"registration {registrationId}", Roles.CloudAdmin)).UserName;
        await host.RunExclusiveAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId && r.Status == RegistrationStatus.Pending)
                ?? throw new PortalValidationException("registration", "There is no pending request with this number.");
            registration.Status = RegistrationStatus.Refused;
            registration.DecidedAt = host.Clock.GetUtcNow();
            registration.DecisionNote = PortalValidation.Text("note", note, 500);
            audit.Add(db, actor, "Registration", $"{registration.Role} {registration.PartyId}", $"refused: {registration.DecisionNote}");
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("registrations");
        });
    }

    /// <summary>The medical authority revokes a Cert_D; every later check of it fails (Eqs. 20, 27, 36, 46, 50).</summary>
    public async Task RevokeCertificateAsync(string serial, string reason)
    {
        var actor = (await currentUser.RequireAsync("Revoke certificate", $"Cert_D {serial}", Roles.CloudAdmin)).UserName;
        await host.RunExclusiveAsync(async () =>
        {
            var why = PortalValidation.Text("reason", reason, 200);
            await using var db = await dbFactory.CreateDbContextAsync();
            var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Serial == serial)
                ?? throw new PortalValidationException("serial", "There is no certificate with this serial.");
            if (certificate.RevokedAt is not null)
            {
                throw new PortalValidationException("serial", "This certificate is already revoked.");
            }
            host.Authority.Revoke(serial, why);
            certificate.RevokedAt = host.Authority.RevocationList.Find(serial)!.RevokedAt;
            certificate.RevocationReason = why;
            audit.Add(db, actor, "Certificate revoked", $"Cert_D {serial} ({certificate.DoctorId})", why);
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("certificates");
        });
    }

    /// <summary>
    /// R_X and S_X as the issuance left them: an escrowed S_X is the public cloud's copy (the party shares it); an
    /// escrow-free one is sealed for the party alone, and the public cloud's copy is gone.
    /// </summary>
    private void StoreCredentials(PartyRegistration registration, IssuedCredentials credentials)
    {
        registration.R = credentials.R.Encode();
        registration.Issuance = credentials.Issuance;
        var scalar = credentials.ExportScalarForSealedStorage();
        (registration.SealedScalar, registration.SealedPartyKey) = credentials.Issuance == KeyIssuance.Escrowed
            ? (sealer.SealKey(scalar), null)
            : ((byte[]?)null, sealer.SealPartyKey(registration.Role, registration.PartyId, scalar));
    }

    private async Task<Participant> CreateParticipantAsync(EmrAuthDbContext db, PartyRegistration registration, string actor)
    {
        var bulletin = host.Bulletin;
        switch (Enum.Parse<PartyRole>(registration.Role))
        {
            case PartyRole.HospitalCloud:
                return new HospitalCloud(registration.PartyId, bulletin, host.Clock, host.Options);
            case PartyRole.Doctor:
                var certificate = host.Authority.Issue(registration.PartyId, registration.DepartmentId!, CertificateValidity);
                db.Certificates.Add(new CertificateRecord
                {
                    Serial = certificate.Serial,
                    DoctorId = certificate.DoctorId,
                    DepartmentId = certificate.DepartmentId,
                    NotBefore = certificate.NotBefore,
                    NotAfter = certificate.NotAfter,
                    Encoded = certificate.Encode(),
                });
                registration.CertificateSerial = certificate.Serial;
                audit.Add(db, actor, "Certificate issued", $"Cert_D {certificate.Serial} ({certificate.DoctorId}, {certificate.DepartmentId})", "issued");
                await db.SaveChangesAsync();
                return new Doctor(registration.PartyId, certificate, bulletin, host.Clock, host.Options);
            default:
                return Patient.FromBiometricPassword(registration.PartyId, sealer.UnsealKey(registration.SealedBiometricPassword!), bulletin, host.Clock, host.Options);
        }
    }

    private PartyRegistration NewRequest(PartyRole role, string id, string displayName, string? departmentId) => new()
    {
        PartyId = id,
        Role = role.ToString(),
        DisplayName = PortalValidation.Text("displayName", displayName, 100),
        DepartmentId = departmentId,
        Status = RegistrationStatus.Pending,
        RequestedAt = host.Clock.GetUtcNow(),
    };

    private static async Task<PartyRegistration> AddRequestAsync(EmrAuthDbContext db, PartyRegistration registration)
    {
        if (await db.Registrations.AnyAsync(r => r.Role == registration.Role && r.PartyId == registration.PartyId))
        {
            throw new PortalValidationException(registration.Role == nameof(PartyRole.Patient) ? "patientId" : "id", "This identity is already taken.");
        }
        db.Registrations.Add(registration);
        return registration;
    }
}
