using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Visits;

/// <summary>How a step of a running visit is taken: checked, run on the restored sessions, and saved with their sealed state at once.</summary>
public sealed partial class VisitService
{
    /// <summary>One step of a visit by its own patient or doctor (<paramref name="role"/>); anyone else is refused.</summary>
    private async Task<VisitActionResult> ActAsync(Guid visitId, string role, string action, VisitStatus expected,
        Func<LiveVisit, (VisitStatus, string)> step, bool searchFailureKeepsVisit = false)
    {
        var subject = $"visit {visitId}";
        var (user, partyId) = await currentUser.RequirePartyAsync(action, subject, role);
        string? patientId;
        await using (var lookup = await dbFactory.CreateDbContextAsync())
        {
            patientId = await lookup.Visits.Where(v => v.Id == visitId).Select(v => v.PatientId).SingleOrDefaultAsync();
        }
        return await host.RunVisitStepAsync(patientId, () =>
            states.RetryOnceOnConflictAsync(visitId, () => TakeStepAsync(visitId, role, action, expected, step, searchFailureKeepsVisit, user, partyId)));
    }

    private async Task<VisitActionResult> TakeStepAsync(Guid visitId, string role, string action, VisitStatus expected,
        Func<LiveVisit, (VisitStatus, string)> step, bool searchFailureKeepsVisit, SignedInUser user, string partyId)
    {
        var subject = $"visit {visitId}";
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Visits.SingleOrDefaultAsync(v => v.Id == visitId)
            ?? throw new PortalValidationException("visit", "There is no such visit.");
        if ((role == Roles.Doctor ? record.DoctorId : record.PatientId) != partyId)
        {
            // A delegate may run the patient's device side of a visit it may start for the patient (issue 14).
            partyId = role == Roles.Patient && (await delegations.PermissionsOfAsync(user)).ContainsKey(record.PatientId)
                ? await delegations.RequireVisitStepAsync(action, record.PatientId)
                : throw await currentUser.RefuseAsync(user, action, subject, $"not this visit's {role.ToLowerInvariant()}", "This visit is not yours.", record.PatientId);
        }
        if (record.Status != expected)
        {
            throw new PortalValidationException("visit", $"This visit is {Describe(record.Status)}; that action is not possible now.");
        }
        var (visit, row, problem) = await states.LoadAsync(db, record);
        if (visit is null)
        {
            states.Interrupt(db, audit, record, row, problem!);
            await db.SaveChangesAsync();
            Publish(record, null);
            throw new PortalValidationException("visit", problem!);
        }
        try
        {
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
            states.Stage(db, visit, record, row);
            await CommitAsync(db, visit, record, fresh);
            return result;
        }
        catch
        {
            // The sessions may have moved past the stored state: the next step restores them from the database.
            states.Forget(visitId);
            throw;
        }
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

    /// <summary>
    /// One save for everything an action changed (visit, events, audit, index, record, sealed state), then the live
    /// events; this instance keeps the sessions it saved.
    /// </summary>
    private async Task CommitAsync(EmrAuthDbContext db, LiveVisit visit, VisitRecord record, IReadOnlyList<EventView> fresh)
    {
        await db.SaveChangesAsync();
        visit.PersistedSequence = fresh.Count > 0 ? fresh[^1].Sequence : visit.PersistedSequence;
        states.Committed(visit, record);
        foreach (var view in fresh)
        {
            Publish(record, view);
        }
        Publish(record, null);
        if (record.Status == VisitStatus.Diagnosed)
        {
            hub.PublishRegistryChange("records");
        }
    }

    private void Publish(VisitRecord record, EventView? view) =>
        hub.Publish(new VisitChange(record.Id, record.PatientId, record.DoctorId, record.HospitalId, record.Status.ToString(), view));
}
