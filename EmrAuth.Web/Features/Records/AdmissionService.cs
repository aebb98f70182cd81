using EmrAuth.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Records;

/// <summary>An admission request as its hospital's administrators see it.</summary>
public sealed record HospitalAdmissionView(long Id, string PatientId, AdmissionStatus Status, DateTimeOffset RequestedAt);

/// <summary>An admission request as the patient sees it, to approve or decline.</summary>
public sealed record PatientAdmissionView(long Id, string HospitalId, AdmissionStatus Status, DateTimeOffset RequestedAt);

/// <summary>
/// Issue 11, finding 3: a hospital asks, the patient decides. A hospital's administrator requests the admission of a
/// patient id; the answer is the same whether the id exists or not, and the request stays pending until that
/// patient approves it (a request to nobody stays pending for good). Approving makes the patient's device sign
/// Admission_P for that hospital, which the hospital verifies and keeps; only then can it create the patient's records.
/// </summary>
public sealed class AdmissionService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, AuditLog audit, VisitHub hub, CurrentUser currentUser)
{
    public const string Requested = "Admission request sent. It stays pending until the patient approves it.";

    /// <summary>The hospital administrator's request; idempotent, and identical for an id that names nobody.</summary>
    public async Task<string> RequestAsync(string patientId)
    {
        var (user, hospitalId) = await currentUser.RequirePartyAsync("Request admission", $"admission of {patientId}", Roles.HospitalAdmin);
        var patient = PortalValidation.Identity("patientId", patientId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var open = await db.Admissions.AnyAsync(a => a.HospitalId == hospitalId && a.PatientId == patient
            && (a.Status == AdmissionStatus.Pending || a.Status == AdmissionStatus.Approved));
        if (!open)
        {
            db.Admissions.Add(new AdmissionRecord
            {
                HospitalId = hospitalId,
                PatientId = patient,
                Status = AdmissionStatus.Pending,
                RequestedBy = user.UserName,
                RequestedAt = host.Clock.GetUtcNow(),
            });
            // Kept out of the patient's log: it would tell a hospital nothing, and an id that names nobody has no log.
            audit.Add(db, user.UserName, "Admission requested", $"{patient} at {hospitalId}", "pending until the patient answers");
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("admissions");
        }
        return Requested;
    }

    /// <summary>The requests of the administrator's own hospital.</summary>
    public async Task<IReadOnlyList<HospitalAdmissionView>> HospitalRequestsAsync()
    {
        var (_, hospitalId) = await currentUser.RequirePartyAsync("Read admission requests", "the hospital's admission requests", Roles.HospitalAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.Admissions.Where(a => a.HospitalId == hospitalId).ToListAsync();
        return [.. rows.OrderByDescending(a => a.RequestedAt).Select(a => new HospitalAdmissionView(a.Id, a.PatientId, a.Status, a.RequestedAt))];
    }

    /// <summary>The signed-in patient's requests, newest first.</summary>
    public async Task<IReadOnlyList<PatientAdmissionView>> OwnRequestsAsync()
    {
        var (_, patientId) = await currentUser.RequirePartyAsync("Read admission requests", "own admission requests", Roles.Patient);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.Admissions.Where(a => a.PatientId == patientId).ToListAsync();
        return [.. rows.OrderByDescending(a => a.RequestedAt).Select(a => new PatientAdmissionView(a.Id, a.HospitalId, a.Status, a.RequestedAt))];
    }

    /// <summary>The patient approves: the device signs Admission_P for the hospital, which verifies it before it is kept.</summary>
    public Task<string> ApproveAsync(long requestId) => DecideAsync(requestId, "Approve admission", approve: true);

    public Task<string> DeclineAsync(long requestId) => DecideAsync(requestId, "Decline admission", approve: false);

    private async Task<string> DecideAsync(long requestId, string action, bool approve)
    {
        var subject = $"admission request {requestId}";
        var (user, patientId) = await currentUser.RequirePartyAsync(action, subject, Roles.Patient);
        await using var db = await dbFactory.CreateDbContextAsync();
        var request = await db.Admissions.SingleOrDefaultAsync(a => a.Id == requestId)
            ?? throw new PortalValidationException("request", "There is no such request.");
        if (request.PatientId != patientId)
        {
            throw await currentUser.RefuseAsync(user, action, subject, "not this patient's request", "This request is not yours.", patientId);
        }
        if (request.Status != AdmissionStatus.Pending)
        {
            throw new PortalValidationException("request", "This request has already been answered.");
        }
        if (approve)
        {
            if (!host.Patients.TryGetValue(patientId, out var device) || !host.Hospitals.TryGetValue(request.HospitalId, out var hospital))
            {
                throw new PortalValidationException("request", "Your registration or the hospital's is not active; this request cannot be approved now.");
            }
            var signed = device.SignAdmission(request.HospitalId);
            var failure = hospital.CheckAdmission(signed, patientId, host.Cloud.PatientKey(patientId));
            if (failure is not null)
            {
                throw new PortalValidationException("request", $"The hospital could not verify your agreement: {failure}.");
            }
            request.SignedAgreement = signed.Encode();
        }
        request.Status = approve ? AdmissionStatus.Approved : AdmissionStatus.Declined;
        request.DecidedAt = host.Clock.GetUtcNow();
        var outcome = approve ? "approved: Admission_P signed by the patient" : "declined by the patient";
        audit.Add(db, user.UserName, approve ? "Admission approved" : "Admission declined", $"{patientId} at {request.HospitalId}", outcome, patientId);
        await db.SaveChangesAsync();
        hub.PublishRegistryChange("admissions");
        return approve ? $"{request.HospitalId} may now keep your records." : $"You declined {request.HospitalId}'s request.";
    }
}
