using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Consent;

/// <summary>
/// A doctor's searches under consent grants, outside any consultation (G1–G4, docs/access.md#consent-grants). The
/// portal hands the doctor the grants that name them (the signed bytes travel with the search); whether one opens a
/// record is the public cloud's and the hospital's decision, never this service's. Every search is stored as a use of
/// its grant, with the check that refused it, and audited for the patient.
/// </summary>
public sealed class GrantSearchService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, AuditLog audit, VisitHub hub, CurrentUser currentUser)
{
    /// <summary>The grants that name the signed-in doctor, their department, or a hospital; with the doctor's own uses only.</summary>
    public async Task<IReadOnlyList<GrantView>> GrantsAsync()
    {
        var (_, doctorId) = await currentUser.RequirePartyAsync("Read consent grants", "grants naming this doctor", Roles.Doctor);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await HeldBy(db, doctorId).Include(g => g.Uses).ToListAsync();
        var now = host.Clock.GetUtcNow();
        return [.. rows.OrderByDescending(g => g.CreatedAt).Select(g => GrantView.From(g, now) with
        {
            Uses = GrantView.UsesOf(g.Uses.Where(u => u.DoctorId == doctorId)),
        })];
    }

    /// <summary>Runs G1–G4 under the grant for one department; the record reaches this doctor only, encrypted to PUK_D.</summary>
    public async Task<GrantSearchOutcome> SearchAsync(string grantId, string departmentId, PurposeOfUse purpose)
    {
        var action = "Search under a grant";
        var (user, doctorId) = await currentUser.RequirePartyAsync(action, $"grant {grantId}", Roles.Doctor);
        var department = PortalValidation.Identity("departmentId", departmentId);
        if (!Enum.IsDefined(purpose))
        {
            throw new PortalValidationException("purpose", "Choose the purpose of use.");
        }
        await using var lookup = await dbFactory.CreateDbContextAsync();
        var row = await HeldBy(lookup, doctorId).SingleOrDefaultAsync(g => g.GrantId == grantId)
            ?? throw new PortalValidationException("grantId", "Choose a grant that names you.");
        return await host.RunVisitStepAsync(row.PatientId, async () =>
        {
            var grant = SignedGrant.Decode(row.SignedGrant);
            var transcript = new SessionTranscript($"grant-{grantId}");
            var search = host.Doctors[doctorId].BeginGrantSearch(grant, department, purpose, transcript);
            GrantSearchOutcome outcome;
            try
            {
                var record = search.Run(host.Cloud, host.Hospitals);
                outcome = new GrantSearchOutcome(true, $"The {department} record arrived from {search.HospitalId}.", null, null, record, search.HospitalId, Views(transcript));
            }
            catch (ProtocolViolationException e)
            {
                var check = e.FailedCheck;
                outcome = new GrantSearchOutcome(false, $"{check.Verifier} refused the search at {check.Check}: {check.Reason}", check.Check, check.Reason, null,
                    search.HospitalId, Views(transcript));
            }
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ConsentUses.Add(new ConsentUseRecord
            {
                GrantId = grantId,
                DoctorId = doctorId,
                At = host.Clock.GetUtcNow(),
                DepartmentId = department,
                Purpose = purpose.ToString(),
                HospitalId = search.HospitalId,
                Succeeded = outcome.Succeeded,
                Outcome = outcome.Succeeded ? $"released by {search.HospitalId}" : $"refused at {outcome.FailedCheck}: {outcome.FailedReason}",
                FailedCheck = outcome.FailedCheck,
            });
            audit.Add(db, user.UserName, outcome.Succeeded ? "EMR read under grant" : "Grant search refused",
                $"{department} record of {row.PatientId}, grant {grantId}", outcome.Message, row.PatientId);
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("consent");
            return outcome;
        });
    }

    /// <summary>The grants a doctor holds: those naming them, their Cert_D department, or a hospital (any doctor may ask under it).</summary>
    private IQueryable<ConsentGrantRecord> HeldBy(EmrAuthDbContext db, string doctorId)
    {
        var department = host.Doctors.TryGetValue(doctorId, out var doctor) ? doctor.Certificate.DepartmentId : "";
        var (byDoctor, byDepartment, byHospital) = (nameof(GranteeKind.Doctor), nameof(GranteeKind.Department), nameof(GranteeKind.Hospital));
        return db.ConsentGrants.Where(g => (g.GranteeKind == byDoctor && g.GranteeId == doctorId) || (g.GranteeKind == byDepartment && g.GranteeId == department)
            || g.GranteeKind == byHospital);
    }

    private static IReadOnlyList<EventView> Views(SessionTranscript transcript) => [.. transcript.Events.Select(EventView.From)];
}
