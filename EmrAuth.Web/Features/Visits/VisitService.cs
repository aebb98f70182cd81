using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Visits;

/// <summary>How a person's action on a visit went, in words for that person.</summary>
public sealed record VisitActionResult(bool Succeeded, string Message);

/// <summary>
/// Runs the visit phases for the people who click: the patient starts and sends readings, the doctor accepts or
/// refuses, searches the EMR and diagnoses. Every call checks that the signed-in account is the visit's patient or
/// doctor (a refusal is audited for the visit's patient), persists the new transcript events (sealed) and the visit's
/// sealed session state in one save, and publishes the events live. Any instance can take a visit's next step.
/// </summary>
public sealed partial class VisitService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, VisitHub hub,
    RecordService records, VisitStateStore states, CurrentUser currentUser, DelegationService delegations)
{

    /// <summary>The start-visit form's message when no department is chosen.</summary>
    public const string NoDepartment = "Choose at least one department whose records this visit may search.";

    /// <summary>
    /// Consultation Eqs. 11–15: the patient's device sends (C_P1, Sig_P1, T_P1) to the chosen doctor, in the profile the
    /// patient chose for this visit (the deployment's, Hardened by default, unless asked otherwise); every later step of
    /// the visit runs in that profile. C_P1 carries the patient-signed search scope: the departments the visit may search
    /// (without a choice, the department on the doctor's Cert_D) and, with <paramref name="includeRestricted"/>, names restricted entries.
    /// </summary>
    public async Task<(Guid VisitId, VisitActionResult Result)> StartAsync(string doctorId, ProtocolProfile? profile = null,
        IReadOnlyCollection<string>? departments = null, bool includeRestricted = false)
    {
        var (_, patientId) = await currentUser.RequirePartyAsync("Start visit", $"visit with {doctorId}", Roles.Patient);
        return await host.RunVisitStepAsync(patientId, () => StartAsync(patientId, doctorId, profile ?? host.Options.Profile, departments, includeRestricted));
    }

    /// <summary>
    /// A delegate starts a visit for <paramref name="patientId"/> (issue 14): the patient's device side runs as for the
    /// patient, after the public cloud checked the delegation (StartVisits) as the visit's first step. Audited "X on behalf of Y".
    /// </summary>
    public async Task<(Guid VisitId, VisitActionResult Result)> StartForAsync(string patientId, string doctorId, ProtocolProfile? profile = null,
        IReadOnlyCollection<string>? departments = null, bool includeRestricted = false)
    {
        var (_, actor, action) = await delegations.RequireDelegateAsync("Start visit", PortalValidation.Identity("patientId", patientId), DelegatePermissions.StartVisits);
        return await host.RunVisitStepAsync(patientId,
            () => StartAsync(patientId, doctorId, profile ?? host.Options.Profile, departments, includeRestricted, (action, actor)));
    }

    private async Task<(Guid VisitId, VisitActionResult Result)> StartAsync(string patientId, string doctorId, ProtocolProfile profile,
        IReadOnlyCollection<string>? departments, bool includeRestricted, (DelegateAction Action, string Actor)? onBehalf = null)
    {
        if (!Enum.IsDefined(profile))
        {
            throw new PortalValidationException("profile", "Choose the paper's or the hardened profile.");
        }
        var scope = departments is null ? null : ValidScope(departments);
        if (!host.Patients.TryGetValue(patientId, out var patient))
        {
            throw new PortalValidationException("patientId", "Your registration has not been approved yet.");
        }
        if (!host.Doctors.TryGetValue(doctorId, out var doctor))
        {
            throw new PortalValidationException("doctorId", "Choose a doctor from the directory.");
        }
        scope ??= [doctor.Certificate.DepartmentId];
        var visit = new LiveVisit(Guid.NewGuid(), patientId, profile);
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = new VisitRecord
        {
            Id = visit.Id,
            PatientId = patientId,
            DoctorId = doctorId,
            Status = VisitStatus.Requested,
            Profile = profile.ToString(),
            SearchScope = string.Join(',', scope),
            StartedAt = host.Clock.GetUtcNow(),
            UpdatedAt = host.Clock.GetUtcNow(),
        };
        db.Visits.Add(record);
        var (result, fresh) = Step(db, visit, record, () =>
        {
            if (onBehalf is { } delegated)
            {
                // The delegate's authority is a protocol step of the visit: the public cloud checks Delegation_P first.
                host.Cloud.ReceiveDelegateAction(delegated.Action, visit.Transcript);
            }
            visit.PatientSide = patient.BeginConsultation(doctorId, visit.Transcript, profile, scope, includeRestricted);
            visit.DoctorSide = doctor.ReceiveConsultationRequest(visit.PatientSide.Request, patient.Ref, visit.Transcript, profile);
            return (VisitStatus.Requested, $"Your request reached {doctorId}; waiting for the doctor to accept.");
        });
        if (!result.Succeeded)
        {
            record.Status = VisitStatus.Failed;
        }
        audit.Add(db, onBehalf?.Actor ?? patientId, "Visit requested", $"visit {visit.Id} with {doctorId}", result.Message, patientId);
        states.Stage(db, visit, record, row: null);
        await CommitAsync(db, visit, record, fresh);
        return (visit.Id, result);
    }

    /// <summary>Consultation Eqs. 16–22: the doctor accepts; the patient verifies the doctor and SEK_1.</summary>
    public Task<VisitActionResult> AcceptAsync(Guid visitId) => ActAsync(visitId, Roles.Doctor, "Accept visit", VisitStatus.Requested, visit =>
    {
        visit.PatientSide!.ReceiveResponse(visit.DoctorSide!.Accept());
        return (VisitStatus.Consulting, visit.Profile == ProtocolProfile.Hardened
            ? "Visit accepted; both sides derived SEK_1 from ephemeral keys and the patient confirmed it (Tag_D1)."
            : "Visit accepted; both sides hold the session key SEK_1.");
    });

    public Task<VisitActionResult> RefuseAsync(Guid visitId, string reason)
    {
        var why = PortalValidation.Text("reason", reason, 300);
        return ActAsync(visitId, Roles.Doctor, "Decline visit", VisitStatus.Requested, visit =>
        {
            visit.PatientSide!.ReceiveRefusal(visit.DoctorSide!.Refuse(why));
            return (VisitStatus.Refused, $"The doctor declined the visit: {why}");
        });
    }

    /// <summary>Consultation Eqs. 23–24: the smart device's readings M_SD under SEK_1.</summary>
    public Task<VisitActionResult> SendReadingsAsync(Guid visitId, string readings)
    {
        var text = PortalValidation.Text("readings", readings, 2000);
        return ActAsync(visitId, Roles.Patient, "Send readings", VisitStatus.Consulting, visit =>
        {
            visit.DoctorSide!.ReceiveReadings(visit.PatientSide!.SendReadings(text));
            return (VisitStatus.Searching, "Readings delivered to the doctor.");
        });
    }

    /// <summary>EMR search Eqs. 25–48 for a department; the record reaches the doctor only.</summary>
    public Task<VisitActionResult> SearchRecordAsync(Guid visitId, string departmentId)
    {
        var department = PortalValidation.Identity("departmentId", departmentId);
        return ActAsync(visitId, Roles.Doctor, "EMR search", VisitStatus.Searching, visit =>
        {
            var search = visit.DoctorSide!.BeginEmrSearch(department);
            visit.Search = search;
            var answer = host.Cloud.AnswerIndexQuery(search.Query, visit.DoctorSide.Doctor.Ref, visit.Transcript, visit.Profile);
            var accessRequest = search.ReceiveIndexAnswer(answer);
            var hospital = host.Hospitals[search.HospitalId!];
            visit.HospitalSide = hospital.ReceiveAccessRequest(accessRequest, visit.DoctorSide.Doctor.Ref, visit.Transcript, visit.Profile);
            search.ReceiveRecord(visit.HospitalSide.ReceiveRecordRequest(search.ReceiveHospitalResponse(visit.HospitalSide.Response)));
            return (VisitStatus.RecordRead, $"The {department} record arrived from {search.HospitalId}.");
        }, searchFailureKeepsVisit: true);
    }

    /// <summary>
    /// Diagnosis Eqs. 49–50, then architecture step 4: the signed diagnosis is filed at the record's hospital;
    /// a <paramref name="restricted"/> one carries the doctor's signed Label_S.
    /// </summary>
    public Task<VisitActionResult> DiagnoseAsync(Guid visitId, string diagnosis, bool restricted = false)
    {
        var text = PortalValidation.Text("diagnosis", diagnosis, RecordService.MaxEntryLength);
        return ActAsync(visitId, Roles.Doctor, "Diagnose", VisitStatus.RecordRead, visit =>
        {
            visit.PatientSide!.ReceiveDiagnosis(visit.DoctorSide!.SendDiagnosis(text));
            var route = host.Cloud.RelayFiling(visit.DoctorSide.FileDiagnosis(visit.Search!, restricted), visit.DoctorSide.Doctor.Ref, visit.Transcript, visit.DoctorSide.Profile);
            host.Hospitals[route.HospitalId].ReceiveFiling(route.Message, visit.Transcript, visit.DoctorSide.Profile);
            return (VisitStatus.Diagnosed, "The patient received the diagnosis; it was signed and added to the record.");
        });
    }

    /// <summary>
    /// At start and by the sweep (<see cref="SealedStateSweep"/>): ends as interrupted the running visits that cannot
    /// continue, those whose sealed state is past Visits:SealedStateLifetime or missing, and erases their state.
    /// Visits with a current sealed state continue. Returns how many ended.
    /// </summary>
    public async Task<int> InterruptUnfinishedAsync()
    {
        await currentUser.RequireSystemAsync("Interrupt unfinished visits", "every running visit");
        await using var db = await dbFactory.CreateDbContextAsync();
        var ended = await states.InterruptStaleAsync(db, audit);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // A step or another instance's sweep changed one of these visits first: the next sweep looks again.
            return 0;
        }
        foreach (var record in ended)
        {
            Publish(record, null);
        }
        return ended.Count;
    }

    /// <summary>The departments of a stored Scope_P.</summary>
    public static IReadOnlyList<string> ParseScope(string? stored) => stored?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static string[] ValidScope(IReadOnlyCollection<string> departments)
    {
        if (departments.Count is 0 or > Domain.Messages.SearchScope.MaxDepartments)
        {
            throw new PortalValidationException("departments", NoDepartment);
        }
        return [.. departments.Select(d => PortalValidation.Identity("departments", d)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public static string Describe(VisitStatus status) => status switch
    {
        VisitStatus.Requested => "waiting for the doctor",
        VisitStatus.Consulting => "waiting for the patient's readings",
        VisitStatus.Searching => "ready for the EMR search",
        VisitStatus.RecordRead => "waiting for the diagnosis",
        VisitStatus.Diagnosed => "completed",
        VisitStatus.Refused => "declined by the doctor",
        VisitStatus.Failed => "stopped by a failed check",
        _ => "interrupted",
    };
}
