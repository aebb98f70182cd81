using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.AttackLab;

/// <summary>A visit the lab can aim at: a recorded one (its identities) or a fresh sandbox visit (no id).</summary>
public sealed record LabVisitChoice(Guid? VisitId, string Label, ProtocolProfile Profile);

/// <summary>What the cloud administrator asked the lab to run.</summary>
public sealed record AttackRequest(string AttackId, Guid? VisitId, ProtocolProfile Profile, TamperChoice? Tamper = null);

/// <summary>One lab run as the page shows it: the domain's outcome, its events as the protocol view takes them, and the target.</summary>
public sealed record AttackRun(AttackOutcome Outcome, LabTarget Target, IReadOnlyList<EventView> Events);

/// <summary>
/// The attack lab behind /cloud/attack-lab. Every attack runs in a fresh <see cref="LabSandbox"/> built with the chosen
/// visit's identities and keys of its own, never against <see cref="ProtocolHost"/>'s parties, so the portal's keys,
/// sessions and replay caches are untouched. Only cloud administrators use it; each run is audited (actor, attack, target, outcome).
/// </summary>
public sealed class AttackLabService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, VisitQueries queries, AuditLog audit, TimeProvider clock,
    CurrentUser currentUser)
{
    public const string FreshSandboxVisit = "A fresh sandbox visit (patient-alice → dr-chen, cardiology at HPC-North)";

    /// <summary>The fresh sandbox visit first, then every recorded visit, newest first.</summary>
    public async Task<IReadOnlyList<LabVisitChoice>> ChoicesAsync()
    {
        await currentUser.RequireAsync("List attack lab visits", "recorded visits", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var visits = await db.Visits.ToListAsync();
        return [new LabVisitChoice(null, FreshSandboxVisit, host.Options.Profile),
            .. visits.OrderByDescending(v => v.StartedAt).Select(v => new LabVisitChoice(v.Id,
                $"{v.StartedAt:yyyy-MM-dd HH:mm} {v.PatientId} → {v.DoctorId}{(v.DepartmentId is null ? "" : $" ({v.DepartmentId})")}, {VisitService.Describe(v.Status)}",
                Enum.TryParse<ProtocolProfile>(v.Profile, out var profile) ? profile : host.Options.Profile))];
    }

    /// <summary>Runs one attack and audits it.</summary>
    public async Task<AttackRun> RunAsync(AttackRequest request)
    {
        var actor = (await currentUser.RequireAsync("Attack lab run", $"{request.AttackId}, {request.Profile} profile", Roles.CloudAdmin)).UserName;
        var attack = AttackCatalog.All.FirstOrDefault(a => a.Id == request.AttackId)
            ?? throw new PortalValidationException("attack", "Choose an attack from the list.");
        if (!Enum.IsDefined(request.Profile))
        {
            throw new PortalValidationException("profile", "Choose the Paper or the Hardened profile.");
        }
        var target = await TargetAsync(request.VisitId);
        if (attack.Id == "eavesdropper" && request.VisitId is { } recorded)
        {
            return await AuditedAsync(actor, $"{attack.Id}, {request.Profile} profile", $"recorded visits of {target.PatientId} with {target.DoctorId}",
                await EavesdropOnRecordedAsync(recorded, target, request.Profile));
        }
        AttackOutcome outcome;
        try
        {
            // CPU-bound protocol work (a few visits' worth): off the circuit's thread.
            outcome = await Task.Run(() => AttackCatalog.Run(attack.Id, target, request.Profile, clock.GetUtcNow(), request.Tamper));
        }
        catch (ArgumentException e)
        {
            throw new PortalValidationException(attack.Id == "tamper" ? "tamper" : "visit", e.Message);
        }
        var tamper = attack.Id == "tamper" ? $" on {request.Tamper?.Hop ?? TamperChoice.Default.Hop} part {request.Tamper?.Part ?? TamperChoice.Default.Part}" : "";
        return await AuditedAsync(actor, $"{attack.Id}{tamper}, {request.Profile} profile", $"sandbox of {target}",
            new AttackRun(outcome, target, outcome.Events.Select(EventView.From).ToList()));
    }

    private async Task<AttackRun> AuditedAsync(string actor, string attack, string target, AttackRun run)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        audit.Add(db, actor, "Attack lab run", $"{attack}, {target}", run.Outcome.Headline);
        await db.SaveChangesAsync();
        return run;
    }

    /// <summary>
    /// The eavesdropper on what the portal recorded: the chosen visit, the patient's previous visit, and a visit of another
    /// patient with the same doctor, compared part by part from their stored transcripts (as the cloud administrator sees them).
    /// </summary>
    private async Task<AttackRun> EavesdropOnRecordedAsync(Guid visitId, LabTarget target, ProtocolProfile profile)
    {
        var visits = (await queries.VisitsAsync()).Where(v => v.Profile == profile).ToList();
        var second = visits.FirstOrDefault(v => v.Id != visitId && v.PatientId == target.PatientId && v.DoctorId == target.DoctorId);
        var other = visits.FirstOrDefault(v => v.PatientId != target.PatientId && v.DoctorId == target.DoctorId);
        if (second is null || other is null)
        {
            throw new PortalValidationException("visit",
                $"The eavesdropper on recorded visits needs a second {profile} visit of {target.PatientId} with {target.DoctorId} and a {profile} visit of another patient with {target.DoctorId}. " +
                "Record them first, or choose the fresh sandbox visit.");
        }
        var events = await queries.EventsAsync(visitId);
        var report = Eavesdropper.Compare(target.PatientId, other.PatientId, Wire(events), Wire(await queries.EventsAsync(second.Id)),
            Wire(await queries.EventsAsync(other.Id)));
        return new AttackRun(AttackCatalog.Report(profile, report, []), target, events);
    }

    /// <summary>What crossed the network in a stored transcript: each message's parts with their bytes.</summary>
    private static List<MessageEvent> Wire(IReadOnlyList<EventView> events) => events.OfType<MessageView>().Select(m => new MessageEvent(
        Enum.Parse<Phase>(m.Phase), m.Step, m.At, new PartyRef(Enum.Parse<PartyRole>(m.Sender.Role), m.Sender.Id),
        new PartyRef(Enum.Parse<PartyRole>(m.Receiver.Role), m.Receiver.Id), m.Name,
        m.Parts.Select(p => new MessagePart(p.Name, Enum.Parse<PartKind>(p.Kind), p.Size, p.Hex is null ? null : Convert.FromHexString(p.Hex))).ToList(), [])).ToList();

    private async Task<LabTarget> TargetAsync(Guid? visitId)
    {
        if (visitId is not { } id)
        {
            return LabTarget.Default;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var visit = await db.Visits.SingleOrDefaultAsync(v => v.Id == id)
            ?? throw new PortalValidationException("visit", "That visit does not exist (any more). Choose another one.");
        return await host.RunSharedAsync(() =>
        {
            var department = visit.DepartmentId ?? (host.Doctors.TryGetValue(visit.DoctorId, out var doctor) ? doctor.Certificate.DepartmentId : null)
                ?? throw new PortalValidationException("visit", $"{visit.DoctorId} is no longer registered, so the visit's department is unknown. Choose another visit.");
            var hospital = visit.HospitalId ?? host.Hospitals.Values.FirstOrDefault(h => h.FindRecord(visit.PatientId, department) is not null)?.Id
                ?? throw new PortalValidationException("visit", $"{visit.PatientId} has no {department} record at any hospital, so there is nothing to search. Choose another visit.");
            return Task.FromResult(new LabTarget(visit.PatientId, visit.DoctorId, department, hospital));
        });
    }
}
