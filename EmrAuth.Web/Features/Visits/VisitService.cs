using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Visits;

/// <summary>How a person's action on a visit went, in words for that person.</summary>
public sealed record VisitActionResult(bool Succeeded, string Message);

/// <summary>
/// Runs the visit phases for the people who click: the patient starts and sends readings, the doctor accepts or
/// refuses, searches the EMR and diagnoses. Every call checks that the signed-in account is the visit's patient or
/// doctor (a refusal is audited for the visit's patient), persists the new transcript events (sealed) and publishes them live.
/// </summary>
public sealed class VisitService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, VisitHub hub,
    RecordService records, OpenVisits open, CurrentUser currentUser, DelegationService delegations)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, LiveVisit> _live = open.Sessions;

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
        _live[visit.Id] = visit;
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
            _live.TryRemove(visit.Id, out _);
        }
        audit.Add(db, onBehalf?.Actor ?? patientId, "Visit requested", $"visit {visit.Id} with {doctorId}", result.Message, patientId);
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

    /// <summary>Marks visits that were running when the server stopped: their session keys are gone.</summary>
    public async Task InterruptUnfinishedAsync()
    {
        await currentUser.RequireSystemAsync("Interrupt unfinished visits", "every running visit");
        await using var db = await dbFactory.CreateDbContextAsync();
        var open = new[] { VisitStatus.Requested, VisitStatus.Consulting, VisitStatus.Searching, VisitStatus.RecordRead };
        foreach (var visit in await db.Visits.Where(v => open.Contains(v.Status)).ToListAsync())
        {
            visit.Status = VisitStatus.Interrupted;
            visit.Outcome = "The portal restarted during this visit, so its session keys were discarded. Please start a new visit.";
            visit.UpdatedAt = host.Clock.GetUtcNow();
            audit.Add(db, "portal", "Visit interrupted", $"visit {visit.Id}", "the portal restarted; the visit's session keys were discarded", visit.PatientId);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>One step of a visit by its own patient or doctor (<paramref name="role"/>); anyone else is refused.</summary>
    private async Task<VisitActionResult> ActAsync(Guid visitId, string role, string action, VisitStatus expected,
        Func<LiveVisit, (VisitStatus, string)> step, bool searchFailureKeepsVisit = false)
    {
        var subject = $"visit {visitId}";
        var (user, partyId) = await currentUser.RequirePartyAsync(action, subject, role);
        // A visit that is not running can never run again: its step only reads and refuses, so it needs no patient gate.
        var running = _live.TryGetValue(visitId, out var live) ? live.PatientId : null;
        return await host.RunVisitStepAsync(running, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var record = await db.Visits.SingleOrDefaultAsync(v => v.Id == visitId)
                ?? throw new PortalValidationException("visit", "There is no such visit.");
            if ((role == Roles.Doctor ? record.DoctorId : record.PatientId) != partyId)
            {
                // A delegate may run the patient's device side of a visit it may start for the patient (issue 14).
                partyId = role == Roles.Patient && await delegations.ActsForAsync(user, record.PatientId)
                    ? await delegations.RequireVisitStepAsync(action, record.PatientId)
                    : throw await currentUser.RefuseAsync(user, action, subject, $"not this visit's {role.ToLowerInvariant()}", "This visit is not yours.", record.PatientId);
            }
            if (record.Status != expected || !_live.TryGetValue(visitId, out var visit))
            {
                throw new PortalValidationException("visit", $"This visit is {Describe(record.Status)}; that action is not possible now.");
            }
            var (result, fresh) = Step(db, visit, record, () => step(visit), searchFailureKeepsVisit);
            var patient = record.PatientId;
            audit.Add(db, partyId, record.Status.ToString(), subject, result.Message, patient);
            if (expected == VisitStatus.Searching && visit.Search is { } search)
            {
                // The public cloud rewrites the index record after Eq. 30 (who last searched it): persist it like index registration.
                await host.SaveIndexRecordAsync(db, record.PatientId, search.DepartmentId);
            }
            if (record.Status == VisitStatus.RecordRead && expected == VisitStatus.Searching)
            {
                audit.Add(db, partyId, "EMR read", $"{record.DepartmentId} record at {record.HospitalId}, visit {visitId}", "delivered by EMR search", patient);
            }
            await CommitAsync(db, visit, record, fresh);
            return result;
        });
    }

    /// <summary>Runs protocol steps and stages their effects in <paramref name="db"/>; nothing is saved or published yet.</summary>
    private (VisitActionResult Result, IReadOnlyList<EventView> Fresh) Step(EmrAuthDbContext db, LiveVisit visit, VisitRecord record,
        Func<(VisitStatus, string)> step, bool searchFailureKeepsVisit = false)
    {
        VisitActionResult result;
        try
        {
            var (status, message) = step();
            record.Status = status;
            record.Outcome = message;
            result = new VisitActionResult(true, message);
        }
        catch (ProtocolViolationException e)
        {
            var message = $"Stopped at {e.FailedCheck.Reference} ({e.FailedCheck.Check}): {e.FailedCheck.Reason}";
            record.Outcome = message;
            if (!searchFailureKeepsVisit)
            {
                record.Status = VisitStatus.Failed;
                _live.TryRemove(visit.Id, out _);
            }
            result = new VisitActionResult(false, message);
        }
        catch (ProtocolStateException e)
        {
            record.Outcome = e.Message;
            result = new VisitActionResult(false, e.Message);
        }
        record.UpdatedAt = host.Clock.GetUtcNow();
        CaptureDetails(db, visit, record);
        if (record.Status is VisitStatus.Diagnosed or VisitStatus.Refused)
        {
            _live.TryRemove(visit.Id, out _);
        }
        return (result, StageEvents(db, visit));
    }

    private void CaptureDetails(EmrAuthDbContext db, LiveVisit visit, VisitRecord record)
    {
        record.DepartmentId = visit.Search?.DepartmentId ?? record.DepartmentId;
        record.HospitalId = visit.Search?.HospitalId ?? record.HospitalId;
        if (visit.PatientSide?.Diagnosis is { } diagnosis && record.SealedDiagnosis is null)
        {
            record.SealedDiagnosis = sealer.SealTranscript(diagnosis);
            var hospital = host.Hospitals[record.HospitalId!];
            var filed = hospital.FindRecord(record.PatientId, record.DepartmentId!)?.Entries[^1];
            if (filed is not null && filed.AuthorSignature is not null && filed.Author == record.DoctorId)
            {
                records.AddFiledEntry(db, record.HospitalId!, record.PatientId, record.DepartmentId!, filed);
            }
        }
    }

    private IReadOnlyList<EventView> StageEvents(EmrAuthDbContext db, LiveVisit visit)
    {
        var fresh = visit.Transcript.Events.Where(e => e.Sequence > visit.PersistedSequence).Select(EventView.From).ToList();
        foreach (var view in fresh)
        {
            db.VisitEvents.Add(new VisitEventRecord
            {
                VisitId = visit.Id,
                Sequence = view.Sequence,
                Kind = view.GetType().Name,
                At = view.At,
                SealedPayload = sealer.SealEvent(view),
            });
        }
        return fresh;
    }

    /// <summary>One save for everything an action changed (visit, events, audit, index, record), then the live events.</summary>
    private async Task CommitAsync(EmrAuthDbContext db, LiveVisit visit, VisitRecord record, IReadOnlyList<EventView> fresh)
    {
        await db.SaveChangesAsync();
        visit.PersistedSequence = fresh.Count > 0 ? fresh[^1].Sequence : visit.PersistedSequence;
        foreach (var view in fresh)
        {
            hub.Publish(new VisitChange(visit.Id, record.PatientId, record.DoctorId, record.HospitalId, record.Status.ToString(), view));
        }
        hub.Publish(new VisitChange(visit.Id, record.PatientId, record.DoctorId, record.HospitalId, record.Status.ToString(), null));
        if (record.Status == VisitStatus.Diagnosed)
        {
            hub.PublishRegistryChange("records");
        }
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
