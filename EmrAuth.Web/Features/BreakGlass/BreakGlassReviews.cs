using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Features.BreakGlass;

/// <summary>
/// Who is told about a break-glass access: the hospital's administrators review each one at their hospital (justified
/// or unjustified, with a note, audited with who and when); the cloud administrators see reviews left pending past
/// <see cref="BreakGlassSettings.ReviewDue"/>.
/// </summary>
public sealed class BreakGlassReviews(IDbContextFactory<EmrAuthDbContext> dbFactory, SecretSealer sealer, AuditLog audit, VisitHub hub, TimeProvider clock,
    CurrentUser currentUser, IOptions<BreakGlassSettings> settings)
{
    public const string ReviewedAction = "Break-glass reviewed";

    public const string TranscriptAction = "Read break-glass transcript";

    /// <summary>What a reviewer reads in place of each value the doctor decrypted (M_EMR).</summary>
    public const string Withheld = "withheld: EMR plaintext, seen only by the doctor";

    public TimeSpan ReviewDue => settings.Value.ReviewDue;

    /// <summary>Every break-glass access at the administrator's hospital, pending ones first.</summary>
    public async Task<IReadOnlyList<BreakGlassView>> QueueAsync()
    {
        var (_, hospitalId) = await currentUser.RequirePartyAsync("Read break-glass reviews", "the hospital's break-glass accesses", Roles.HospitalAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.BreakGlassAccesses.AsNoTracking().Where(b => b.HospitalId == hospitalId).ToListAsync();
        return rows.OrderBy(r => r.Review != BreakGlassReview.Pending).ThenByDescending(r => r.StartsAt).Select(BreakGlassView.From).ToList();
    }

    /// <summary>
    /// The protocol transcript of an access at the administrator's hospital, every opening's: each message (parties,
    /// sizes, ciphertext) and each check, which is what the access is judged by. The record the doctor decrypted is
    /// <see cref="Withheld"/> here, before it leaves the service: judging the access does not need the patient's record.
    /// </summary>
    public async Task<IReadOnlyList<EventView>> TranscriptAsync(Guid accessId)
    {
        var subject = $"break-glass {accessId}";
        var (user, hospitalId) = await currentUser.RequirePartyAsync(TranscriptAction, subject, Roles.HospitalAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var access = await db.BreakGlassAccesses.AsNoTracking().SingleOrDefaultAsync(b => b.Id == accessId)
            ?? throw new PortalValidationException("accessId", "There is no such break-glass access.");
        if (access.HospitalId != hospitalId)
        {
            throw await currentUser.RefuseAsync(user, TranscriptAction, subject, $"an access at {access.HospitalId}, not at {hospitalId}",
                "This access was not at your hospital.", access.PatientId);
        }
        var events = await BreakGlassService.EventsAsync(db, sealer, accessId);
        return events.Select(e => VisitQueries.Redact(e, Withheld)).ToList();
    }

    /// <summary>Marks a pending access at the administrator's hospital justified or unjustified, with a note.</summary>
    public async Task ReviewAsync(Guid accessId, bool justified, string note)
    {
        var (user, hospitalId) = await currentUser.RequirePartyAsync("Review break-glass", $"break-glass {accessId}", Roles.HospitalAdmin);
        var text = PortalValidation.Text("note", note, BreakGlassService.MaxNoteLength);
        await using var db = await dbFactory.CreateDbContextAsync();
        var access = await db.BreakGlassAccesses.SingleOrDefaultAsync(b => b.Id == accessId && b.HospitalId == hospitalId)
            ?? throw new PortalValidationException("accessId", "Your hospital has no such break-glass access.");
        if (access.Review != BreakGlassReview.Pending)
        {
            throw new PortalValidationException("accessId", $"This access was already reviewed by {access.ReviewedBy}.");
        }
        access.Review = justified ? BreakGlassReview.Justified : BreakGlassReview.Unjustified;
        access.ReviewedBy = user.UserName;
        access.ReviewedAt = clock.GetUtcNow();
        access.ReviewNote = text;
        audit.Add(db, user.UserName, ReviewedAction, $"break-glass {accessId} by {access.DoctorId} at {hospitalId}",
            $"{access.Review}{(access.RestrictedConfirmed ? " (restricted entries were confirmed)" : "")}: {text}", access.PatientId);
        await db.SaveChangesAsync();
        hub.PublishRegistryChange("break-glass");
    }

    /// <summary>Pending reviews older than the review period, oldest first, at every hospital.</summary>
    public async Task<IReadOnlyList<BreakGlassView>> OverdueAsync()
    {
        await currentUser.RequireAsync("Read overdue break-glass reviews", "every hospital's break-glass reviews", Roles.CloudAdmin);
        var cutoff = clock.GetUtcNow() - ReviewDue;
        await using var db = await dbFactory.CreateDbContextAsync();
        var pending = await db.BreakGlassAccesses.AsNoTracking().Where(b => b.Review == BreakGlassReview.Pending).ToListAsync();
        return pending.Where(b => b.StartsAt < cutoff).OrderBy(b => b.StartsAt).Select(BreakGlassView.From).ToList();
    }
}
