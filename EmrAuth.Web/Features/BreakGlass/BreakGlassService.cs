using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.BreakGlass;

/// <summary>
/// A doctor's emergency access (issue 14): the doctor's Sig_BG-signed BG_D goes to the public cloud, which forwards it
/// to the emergency's hospital, which releases the record encrypted for that doctor. Every attempt is audited for the
/// patient ("Who read my records" flags a release); a released access waits in its hospital's review queue.
/// </summary>
public sealed class BreakGlassService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, VisitHub hub,
    CurrentUser currentUser)
{
    /// <summary>The audit action of a release under break-glass: the patient's access log flags it.</summary>
    public const string ReadAction = "Break-glass read";

    public const string StoppedAction = "Break-glass stopped";

    public const int MaxNoteLength = 1000;

    /// <summary>Opens a patient's record in an emergency at the hospital the doctor names.</summary>
    public async Task<BreakGlassOutcome> OpenAsync(BreakGlassForm form)
    {
        var (_, doctorId) = await currentUser.RequirePartyAsync("Break-glass", $"{form.PatientId} at {form.HospitalId}", Roles.Doctor);
        var patient = PortalValidation.Identity("patientId", form.PatientId);
        var hospital = PortalValidation.Identity("hospitalId", form.HospitalId);
        var department = PortalValidation.Identity("departmentId", form.DepartmentId);
        var text = PortalValidation.Text("reasonText", form.ReasonText, BreakGlassStatement.MaxReasonTextLength, form.Reason == BreakGlassReason.Other ? 1 : 0);
        if (!Enum.IsDefined(form.Reason))
        {
            throw new PortalValidationException("reason", "Choose a reason from the list.");
        }
        if (form.IncludeRestricted && !form.RestrictedConfirmedAgain)
        {
            throw new PortalValidationException("restrictedConfirmedAgain", "Confirm a second time that this emergency needs restricted entries, or leave them out.");
        }
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            if (!await db.Departments.AnyAsync(d => d.HospitalId == hospital && d.DepartmentId == department))
            {
                throw new PortalValidationException("departmentId", "Choose a hospital and one of its departments.");
            }
        }
        var profile = form.Profile ?? host.Options.Profile;
        return await host.RunVisitStepAsync(patient, () => RunAsync(doctorId, null,
            new Request(patient, hospital, department, form.Reason, text, form.IncludeRestricted && form.RestrictedConfirmedAgain, profile)));
    }

    /// <summary>Opens the record again within the access's time box: a fresh BG_D with the same time box; after it, refused at the time box.</summary>
    public async Task<BreakGlassOutcome> ReopenAsync(Guid accessId)
    {
        var (_, doctorId) = await currentUser.RequirePartyAsync("Break-glass re-open", $"break-glass {accessId}", Roles.Doctor);
        var access = await OwnAsync(doctorId, accessId);
        var request = new Request(access.PatientId, access.HospitalId, access.DepartmentId, Enum.Parse<BreakGlassReason>(access.Reason), access.ReasonText,
            access.RestrictedConfirmed, Enum.Parse<ProtocolProfile>(access.Profile));
        return await host.RunVisitStepAsync(access.PatientId, () => RunAsync(doctorId, access, request));
    }

    /// <summary>The signed-in doctor's break-glass accesses, newest first.</summary>
    public async Task<IReadOnlyList<BreakGlassView>> MineAsync()
    {
        var (_, doctorId) = await currentUser.RequirePartyAsync("Read break-glass accesses", "own accesses", Roles.Doctor);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.BreakGlassAccesses.AsNoTracking().Where(b => b.DoctorId == doctorId).ToListAsync();
        return rows.OrderByDescending(r => r.LastOpenedAt).Select(BreakGlassView.From).ToList();
    }

    /// <summary>One of the doctor's accesses with its protocol events (the released M_EMR among them: only its doctor sees them).</summary>
    public async Task<(BreakGlassView Access, IReadOnlyList<EventView> Events)> FindAsync(Guid accessId)
    {
        var (_, doctorId) = await currentUser.RequirePartyAsync("Read break-glass access", $"break-glass {accessId}", Roles.Doctor);
        var access = await OwnAsync(doctorId, accessId);
        await using var db = await dbFactory.CreateDbContextAsync();
        return (BreakGlassView.From(access), await EventsAsync(db, sealer, accessId));
    }

    /// <summary>Every opening's events of the access, in order, unsealed as stored (M_EMR in clear: the caller decides who sees it).</summary>
    internal static async Task<IReadOnlyList<EventView>> EventsAsync(EmrAuthDbContext db, SecretSealer sealer, Guid accessId)
    {
        var events = await db.BreakGlassEvents.AsNoTracking().Where(e => e.AccessId == accessId).OrderBy(e => e.Sequence).ToListAsync();
        return events.Select(e => sealer.UnsealEvent(e.SealedPayload)).ToList();
    }

    private sealed record Request(string PatientId, string HospitalId, string DepartmentId, BreakGlassReason Reason, string Text, bool Restricted, ProtocolProfile Profile);

    private async Task<BreakGlassRecord> OwnAsync(string doctorId, Guid accessId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.BreakGlassAccesses.AsNoTracking().SingleOrDefaultAsync(b => b.Id == accessId && b.DoctorId == doctorId)
            ?? throw new PortalValidationException("accessId", "You have no such break-glass access.");
    }

    /// <summary>The three hops (doctor → public cloud → hospital → doctor); the access and its events are stored only when the record was released.</summary>
    private async Task<BreakGlassOutcome> RunAsync(string doctorId, BreakGlassRecord? existing, Request request)
    {
        if (!host.Doctors.TryGetValue(doctorId, out var doctor) || !host.Hospitals.TryGetValue(request.HospitalId, out var hospital))
        {
            throw new PortalValidationException("hospitalId", "Choose a registered hospital (and be a registered doctor).");
        }
        var id = existing?.Id ?? Guid.NewGuid();
        var transcript = new SessionTranscript(id.ToString());
        BreakGlassStatement? statement = null;
        string? failure = null;
        try
        {
            var (signed, message) = doctor.RequestBreakGlass(request.PatientId, request.HospitalId, request.DepartmentId, request.Reason, request.Text, request.Restricted,
                request.Profile, existing?.StartsAt.ToUnixTimeMilliseconds());
            var forward = host.Cloud.ForwardBreakGlass(message, doctor.Ref, transcript, request.Profile);
            doctor.OpenBreakGlassRelease(hospital.ReleaseBreakGlass(forward, transcript, request.Profile), signed, transcript, request.Profile);
            statement = signed;
        }
        catch (ProtocolViolationException e)
        {
            failure = $"stopped at {e.FailedCheck.Reference} by {e.FailedCheck.Verifier}: {e.FailedCheck.Reason}";
        }
        var events = transcript.Events.Select(EventView.From).ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        var subject = $"break-glass {id} by {doctorId} at {request.HospitalId} ({request.DepartmentId})";
        if (statement is null)
        {
            audit.Add(db, doctorId, StoppedAction, subject, failure!, request.PatientId);
            await db.SaveChangesAsync();
            return new BreakGlassOutcome(null, false, $"Break-glass {failure}.", events);
        }
        var record = await StoreAsync(db, existing, id, doctorId, request, statement, events);
        audit.Add(db, doctorId, ReadAction, subject, $"record released to {doctorId} ({BreakGlassText.Reason(request.Reason)}; time box until {statement.Ends:u}" +
            $"{(request.Restricted ? "; restricted entries confirmed a second time" : "")})", request.PatientId);
        await db.SaveChangesAsync();
        hub.Publish(new VisitChange(id, request.PatientId, doctorId, request.HospitalId, ReadAction, null));
        hub.PublishRegistryChange("break-glass");
        return new BreakGlassOutcome(record.Id, true, $"{request.HospitalId} released the record to you until {statement.Ends:u}.", events);
    }

    private async Task<BreakGlassRecord> StoreAsync(EmrAuthDbContext db, BreakGlassRecord? existing, Guid id, string doctorId, Request request, BreakGlassStatement statement,
        IReadOnlyList<EventView> events)
    {
        var now = host.Clock.GetUtcNow();
        var record = existing ?? new BreakGlassRecord
        {
            Id = id,
            DoctorId = doctorId,
            PatientId = request.PatientId,
            HospitalId = request.HospitalId,
            DepartmentId = request.DepartmentId,
            Reason = request.Reason.ToString(),
            ReasonText = request.Text,
            Profile = request.Profile.ToString(),
            StartsAt = statement.Starts,
            EndsAt = statement.Ends,
            RestrictedConfirmed = request.Restricted,
        };
        if (existing is null)
        {
            db.BreakGlassAccesses.Add(record);
        }
        else
        {
            db.BreakGlassAccesses.Attach(record);
        }
        // A re-opening's events follow the earlier ones': one protocol view per access.
        var offset = existing is null ? 0 : await db.BreakGlassEvents.Where(e => e.AccessId == id).MaxAsync(e => (long?)e.Sequence) ?? 0;
        record.Opens++;
        record.LastOpenedAt = now;
        foreach (var view in events)
        {
            var numbered = view with { Sequence = offset + view.Sequence };
            db.BreakGlassEvents.Add(new BreakGlassEventRecord { AccessId = id, Sequence = numbered.Sequence, At = view.At, SealedPayload = sealer.SealEvent(numbered) });
        }
        return record;
    }
}
