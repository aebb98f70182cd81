using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Features.Visits;

/// <summary>Configuration section "Visits".</summary>
public sealed class VisitOptions
{
    public const string Section = "Visits";

    /// <summary>
    /// How long a visit's sealed session state may wait between two steps (a doctor's queue, a patient fetching readings)
    /// before it is erased and the visit ends interrupted.
    /// </summary>
    public TimeSpan SealedStateLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often each instance looks for sealed states past their lifetime.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Keeps a running visit's sessions sealed in <see cref="VisitSessionState"/> between steps (docs/hardened-profile.md#sealed-visit-state):
/// loads them (this instance's copy while it is the stored version, else restored from the database), stages the new
/// sealed state in the step's own save, and deletes it in the save that ends the visit.
/// </summary>
public sealed class VisitStateStore(SecretSealer sealer, ProtocolHost host, OpenVisits open, IOptions<VisitOptions> options)
{
    /// <summary>The encoding's version: the four sessions' exports in this order, each empty when the session does not exist yet.</summary>
    public const string Version = "EmrAuth.VisitState.v1";

    /// <summary>The statuses of a visit that can still take a step, and so has a sealed state.</summary>
    public static readonly VisitStatus[] Running = [VisitStatus.Requested, VisitStatus.Consulting, VisitStatus.Searching, VisitStatus.RecordRead];

    public TimeSpan Lifetime => options.Value.SealedStateLifetime;

    public static string ExpiredMessage(TimeSpan lifetime) =>
        $"This visit waited more than {lifetime.TotalHours:0.##} hours between two steps, so its sealed session keys were erased. Please start a new visit.";

    public const string UnreadableMessage = "This visit's sealed session state could not be opened, so it cannot continue. Please start a new visit.";

    public const string MissingMessage =
        "The portal restarted during this visit before its session keys were kept sealed, so they were discarded. Please start a new visit.";

    /// <summary>
    /// The sessions of a running visit as last saved, with their row; or, when they cannot continue (no sealed state,
    /// past its lifetime, unreadable), no sessions and the reason, in words for the patient and doctor.
    /// </summary>
    internal async Task<(LiveVisit? Visit, VisitSessionState? Row, string? Problem)> LoadAsync(EmrAuthDbContext db, VisitRecord record)
    {
        var row = await db.VisitSessionStates.SingleOrDefaultAsync(s => s.VisitId == record.Id);
        if (row is null)
        {
            return (null, null, MissingMessage);
        }
        if (row.UpdatedAt + Lifetime < host.Clock.GetUtcNow())
        {
            return (null, row, ExpiredMessage(Lifetime));
        }
        if (open.Sessions.TryGetValue(record.Id, out var cached) && cached.StateVersion == row.Version)
        {
            return (cached, row, null);
        }
        var lastSequence = await db.VisitEvents.Where(e => e.VisitId == record.Id).MaxAsync(e => (long?)e.Sequence) ?? 0;
        try
        {
            return (Restore(record, row, lastSequence), row, null);
        }
        catch (Exception e) when (e is CryptographicException or SessionStateException or MalformedMessageException or KeyNotFoundException or ArgumentException)
        {
            return (null, row, UnreadableMessage);
        }
    }

    /// <summary>Seals <paramref name="visit"/> into its row (a new one for a new visit), or deletes the row once the visit ended.</summary>
    internal void Stage(EmrAuthDbContext db, LiveVisit visit, VisitRecord record, VisitSessionState? row)
    {
        if (!Running.Contains(record.Status))
        {
            if (row is not null)
            {
                db.VisitSessionStates.Remove(row);
            }
            return;
        }
        var sealedState = sealer.SealVisitState(visit.Id, Export(visit));
        if (row is null)
        {
            row = new VisitSessionState { VisitId = visit.Id, SealedState = sealedState };
            db.VisitSessionStates.Add(row);
        }
        row.SealedState = sealedState;
        row.Version++;
        row.UpdatedAt = host.Clock.GetUtcNow();
        visit.StateVersion = row.Version;
    }

    /// <summary>After the save: this instance keeps the copy it saved while the visit runs.</summary>
    internal void Committed(LiveVisit visit, VisitRecord record)
    {
        if (Running.Contains(record.Status))
        {
            open.Sessions[visit.Id] = visit;
        }
        else
        {
            Forget(visit.Id);
        }
    }

    /// <summary>
    /// Runs a step; if another instance saved a step of the same visit first (the state's version moved), nothing of this
    /// attempt was saved, so it runs once more on the stored state, which refuses it cleanly if the visit moved on.
    /// </summary>
    internal async Task<T> RetryOnceOnConflictAsync<T>(Guid visitId, Func<Task<T>> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException)
            {
                Forget(visitId);
                if (tries == 2)
                {
                    throw new PortalValidationException("visit", "This visit changed on another portal instance at the same moment; reload it and try again.");
                }
            }
        }
    }

    internal void Forget(Guid visitId) => open.Sessions.TryRemove(visitId, out _);

    /// <summary>
    /// Ends the visits that can no longer continue: running without a sealed state (started before states were sealed,
    /// or the state could not be read) or with one past its lifetime. Each row is deleted in the same save.
    /// </summary>
    internal async Task<List<VisitRecord>> InterruptStaleAsync(EmrAuthDbContext db, AuditLog audit)
    {
        var cutoff = host.Clock.GetUtcNow() - Lifetime;
        var stale = await db.Visits
            .Where(v => Running.Contains(v.Status) && !db.VisitSessionStates.Any(s => s.VisitId == v.Id && s.UpdatedAt >= cutoff))
            .ToListAsync();
        var ids = stale.Select(v => v.Id).ToList();
        var rows = await db.VisitSessionStates.Where(s => ids.Contains(s.VisitId)).ToDictionaryAsync(s => s.VisitId);
        foreach (var visit in stale)
        {
            Interrupt(db, audit, visit, rows.GetValueOrDefault(visit.Id), rows.ContainsKey(visit.Id) ? ExpiredMessage(Lifetime) : MissingMessage);
        }
        return stale;
    }

    /// <summary>Stages the end of a visit that cannot continue: interrupted, its sealed state erased, no partial record.</summary>
    internal void Interrupt(EmrAuthDbContext db, AuditLog audit, VisitRecord record, VisitSessionState? row, string message)
    {
        record.Status = VisitStatus.Interrupted;
        record.Outcome = message;
        record.UpdatedAt = host.Clock.GetUtcNow();
        if (row is not null)
        {
            db.VisitSessionStates.Remove(row);
        }
        Forget(record.Id);
        audit.Add(db, "portal", "Visit interrupted", $"visit {record.Id}", message, record.PatientId);
    }

    private static byte[] Export(LiveVisit visit)
    {
        byte[][] sessions =
        [
            visit.PatientSide?.ExportStateWithSecretsForSealedStorage() ?? [],
            visit.DoctorSide?.ExportStateWithSecretsForSealedStorage() ?? [],
            visit.Search?.ExportStateWithSecretsForSealedStorage() ?? [],
            visit.HospitalSide?.ExportStateWithSecretsForSealedStorage() ?? [],
        ];
        var writer = new FieldWriter().Add(Version).Add(visit.PatientId).Add(visit.Profile.ToString());
        foreach (var session in sessions)
        {
            writer.Add(session);
            CryptographicOperations.ZeroMemory(session);
        }
        return writer.ToArray();
    }

    private LiveVisit Restore(VisitRecord record, VisitSessionState row, long lastSequence)
    {
        var state = sealer.UnsealVisitState(record.Id, row.SealedState);
        var sessions = new byte[4][];
        try
        {
            var reader = new FieldReader(state);
            var profile = Enum.Parse<ProtocolProfile>(record.Profile);
            if (reader.ReadString() != Version || reader.ReadString() != record.PatientId || reader.ReadString() != record.Profile)
            {
                throw new SessionStateException($"The sealed state of visit {record.Id} is of another version, patient or profile.");
            }
            for (var i = 0; i < sessions.Length; i++)
            {
                sessions[i] = reader.ReadBytes();
            }
            reader.EnsureEnd();
            var (patient, doctor) = (host.Patients[record.PatientId], host.Doctors[record.DoctorId]);
            var visit = new LiveVisit(record.Id, record.PatientId, profile, lastSequence) { StateVersion = row.Version };
            var sink = visit.Transcript;
            visit.PatientSide = sessions[0].Length == 0 ? null : PatientConsultation.RestoreFromSealedStorage(patient, sessions[0], sink);
            visit.DoctorSide = sessions[1].Length == 0 ? null : DoctorConsultation.RestoreFromSealedStorage(doctor, sessions[1], sink);
            visit.Search = sessions[2].Length == 0 ? null : DoctorEmrSearch.RestoreFromSealedStorage(doctor, sessions[2], sink);
            visit.HospitalSide = sessions[3].Length == 0 ? null : HospitalAccessSession.RestoreFromSealedStorage(
                host.Hospitals[visit.Search?.HospitalId ?? throw new SessionStateException("A hospital session is stored without the search that found it.")], sessions[3], sink);
            return visit;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
            foreach (var session in sessions.OfType<byte[]>())
            {
                CryptographicOperations.ZeroMemory(session);
            }
        }
    }
}
