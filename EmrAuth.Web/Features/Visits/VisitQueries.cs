using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Visits;

public sealed record VisitSummary(Guid Id, string PatientId, string DoctorId, string? DepartmentId, string? HospitalId, VisitStatus Status,
    DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, string? Outcome, ProtocolProfile Profile = ProtocolProfile.Paper)
{
    public string StatusText => VisitService.Describe(Status);

    /// <summary>The departments the patient allowed this visit to search (Scope_P); empty for visits stored before it existed.</summary>
    public IReadOnlyList<string> SearchScope { get; init; } = [];

    /// <summary>
    /// Set when the signed-in account sees this visit as a delegate of its patient (issue 14): what the delegations in
    /// force allow. Null for the visit's own parties and administrators.
    /// </summary>
    public DelegatePermissions? Delegated { get; init; }

    /// <summary>Visits stored before profiles were chosen carry other text in the column; they ran the paper's profile.</summary>
    public static VisitSummary From(VisitRecord v) => new(v.Id, v.PatientId, v.DoctorId, v.DepartmentId, v.HospitalId, v.Status, v.StartedAt, v.UpdatedAt, v.Outcome,
        Enum.TryParse<ProtocolProfile>(v.Profile, out var profile) ? profile : ProtocolProfile.Paper)
    {
        SearchScope = VisitService.ParseScope(v.SearchScope),
    };
}

/// <summary>Who is looking: role and the party the account acts for (from <see cref="CurrentUser"/>, never from a page).</summary>
public sealed record Viewer(string Role, string? PartyId)
{
    public static Viewer Of(SignedInUser user) => new(user.Role, user.PartyId);

    /// <summary>The visit's patient and doctor, the hospital that served it, and the cloud administrators may open a visit.</summary>
    public bool MayOpen(VisitSummary visit) => Role switch
    {
        Roles.Patient => visit.PatientId == PartyId,
        Roles.Doctor => visit.DoctorId == PartyId,
        Roles.HospitalAdmin => visit.HospitalId is not null && visit.HospitalId == PartyId,
        Roles.CloudAdmin => true,
        _ => false,
    };

    /// <summary>A migration's patient, the admins of its two hospitals, and the cloud administrators (hosting the TTPH).</summary>
    public bool MayOpen(MigrationSummary migration) => Role switch
    {
        Roles.Patient => migration.PatientId == PartyId,
        Roles.HospitalAdmin => migration.SourceId == PartyId || migration.DestinationId == PartyId,
        Roles.CloudAdmin => true,
        _ => false,
    };

    /// <summary>The patient and the two hospitals that hold the record see the identities recovered during its migration.</summary>
    public bool MaySeePersonalData(MigrationSummary migration) =>
        (Role == Roles.Patient && migration.PatientId == PartyId) || (Role == Roles.HospitalAdmin && (migration.SourceId == PartyId || migration.DestinationId == PartyId));

    /// <summary>
    /// Only the visit's own patient and doctor see what the receivers recovered (M_SD, M_EMR, M_DINF), and a delegate of
    /// the patient, whose summary <see cref="VisitQueries"/> marks <see cref="VisitSummary.Delegated"/> (its queries withhold
    /// the diagnosis unless the delegation allows ReadDiagnoses).
    /// </summary>
    public bool MaySeePersonalData(VisitSummary visit) =>
        (Role == Roles.Patient && (visit.PatientId == PartyId || visit.Delegated is not null)) || (Role == Roles.Doctor && visit.DoctorId == PartyId);
}

/// <summary>
/// The read side of visits, records and audit, always filtered for the signed-in account: opening a visit that is not
/// the account's (<see cref="Viewer.MayOpen(VisitSummary)"/>) is refused and audited for the visit's patient.
/// </summary>
public sealed class VisitQueries(IDbContextFactory<EmrAuthDbContext> dbFactory, SecretSealer sealer, CurrentUser currentUser, DelegationService delegations)
{
    /// <summary>
    /// The visits the account takes part in (a hospital: the visits it served; the cloud administrators: all). A patient
    /// account also gets the visits of every patient whose delegation in force names it, marked <see cref="VisitSummary.Delegated"/>.
    /// </summary>
    public async Task<IReadOnlyList<VisitSummary>> VisitsAsync()
    {
        var user = await currentUser.RequireAsync("List visits", "visits", [.. Roles.All]);
        var viewer = Viewer.Of(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var query = viewer.Role switch
        {
            Roles.Patient => db.Visits.Where(v => v.PatientId == viewer.PartyId),
            Roles.Doctor => db.Visits.Where(v => v.DoctorId == viewer.PartyId),
            Roles.HospitalAdmin => db.Visits.Where(v => v.HospitalId == viewer.PartyId),
            Roles.CloudAdmin => db.Visits,
            _ => db.Visits.Where(_ => false),
        };
        var visits = (await query.ToListAsync()).Select(VisitSummary.From).ToList();
        var actingFor = await delegations.PermissionsOfAsync(user);
        if (actingFor.Count > 0)
        {
            var patients = actingFor.Keys.ToList();
            var delegated = await db.Visits.Where(v => patients.Contains(v.PatientId)).ToListAsync();
            visits.AddRange(delegated.Select(v => VisitSummary.From(v) with { Delegated = actingFor[v.PatientId] }));
        }
        return [.. visits.OrderByDescending(v => v.StartedAt)];
    }

    /// <summary>The visit, or null when there is none; refused when the account may not open it.</summary>
    public async Task<VisitSummary?> FindAsync(Guid visitId) => (await OpenAsync(visitId, "Open visit"))?.Visit;

    /// <summary>The stored transcript; personal recovered values are blanked for viewers not party to the visit.</summary>
    public async Task<IReadOnlyList<EventView>> EventsAsync(Guid visitId)
    {
        if (await OpenAsync(visitId, "Read visit transcript") is not (var visit, var viewer))
        {
            return [];
        }
        var events = await LoadEventsAsync(visitId);
        // A delegate reads the diagnosis only through RecoveredAsync, where the public cloud checks ReadDiagnoses and the read is audited.
        return !viewer.MaySeePersonalData(visit) ? [.. events.Select(Redact)]
            : visit.Delegated is null ? events
            : [.. events.Select(e => Redact(e, r => r.Name == Diagnosis, "hidden (read through your delegation's ReadDiagnoses)"))];
    }

    /// <summary>
    /// A value the visit's own doctor or patient recovered, e.g. M_SD, M_EMR or M_DINF. A delegate of the patient reads
    /// M_DINF by <see cref="DelegationService.DiagnosisOfVisitAsync"/>'s rule (ReadDiagnoses, checked and audited).
    /// </summary>
    public async Task<string?> RecoveredAsync(Guid visitId, string name)
    {
        if (await OpenAsync(visitId, "Read recovered value") is not (var visit, var viewer) || !viewer.MaySeePersonalData(visit))
        {
            return null;
        }
        if (name == Diagnosis && visit.Delegated is { } permissions)
        {
            return await delegations.DiagnosisOfVisitAsync(visitId, visit.PatientId, permissions);
        }
        var events = await LoadEventsAsync(visitId);
        return events.OfType<MessageView>().SelectMany(m => m.Recovered).LastOrDefault(r => r.Name == name)?.Value;
    }

    /// <summary>The visit and who looks at it, null when there is no such visit; refused (and audited) when the account may not open it.</summary>
    private async Task<(VisitSummary Visit, Viewer Viewer)?> OpenAsync(Guid visitId, string action)
    {
        var subject = $"visit {visitId}";
        var user = await currentUser.RequireAsync(action, subject, [.. Roles.All]);
        await using var db = await dbFactory.CreateDbContextAsync();
        var visit = await db.Visits.SingleOrDefaultAsync(v => v.Id == visitId);
        if (visit is null)
        {
            return null;
        }
        var summary = VisitSummary.From(visit);
        var viewer = Viewer.Of(user);
        if (viewer.MayOpen(summary))
        {
            return (summary, viewer);
        }
        // A delegate in force sees the patient's visits as the patient's device does, the diagnosis aside (issue 14).
        return (await delegations.PermissionsOfAsync(user)).TryGetValue(visit.PatientId, out var permissions)
            ? (summary with { Delegated = permissions }, new Viewer(Roles.Patient, visit.PatientId))
            : throw await currentUser.RefuseAsync(user, action, subject, "not a party to this visit", "This visit is not yours.", visit.PatientId);
    }

    private async Task<List<EventView>> LoadEventsAsync(Guid visitId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.VisitEvents.Where(e => e.VisitId == visitId).OrderBy(e => e.Sequence).ToListAsync();
        return rows.Select(r => sealer.UnsealEvent(r.SealedPayload)).ToList();
    }

    /// <summary>Every audit entry about the signed-in patient's records and visits: who read them (or tried), when, with what outcome.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditForPatientAsync()
    {
        var (_, patientId) = await currentUser.RequirePartyAsync("Read access log", "own records' access log", Roles.Patient);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AuditEntries.Where(a => a.PatientId == patientId).OrderByDescending(a => a.Sequence).ToListAsync();
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(int take = 200)
    {
        await currentUser.RequireAsync("Read audit trail", "the newest entries", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AuditEntries.OrderByDescending(a => a.Sequence).Take(take).ToListAsync();
    }

    public static EventView Redact(EventView view) => Redact(view, ProtocolText.HiddenPersonal);

    /// <summary>Every recovered value that is not Public replaced by <paramref name="withheld"/>: the parts (ciphertext) and checks stay.</summary>
    public static EventView Redact(EventView view, string withheld) => Redact(view, r => r.Sensitivity != "Public", withheld);

    private static EventView Redact(EventView view, Func<RecoveredView, bool> hide, string why) => view is MessageView m
        ? m with { Recovered = [.. m.Recovered.Select(r => hide(r) ? r with { Value = why } : r)] }
        : view;

    /// <summary>The diagnosis as the patient's device recovers it (Eq. 50).</summary>
    private const string Diagnosis = "M_DINF";
}
