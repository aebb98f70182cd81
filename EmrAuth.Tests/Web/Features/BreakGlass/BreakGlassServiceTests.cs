using System.Text.Json;
using EmrAuth.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Tests.Web.Features.BreakGlass;

/// <summary>
/// Break-glass in the portal (issue 14): a doctor opens alice's cardiology record at North General without her device;
/// alice's access log flags it, North General's administrator reviews it (reading its transcript without the record), the
/// cloud administrator sees it once overdue.
/// </summary>
public sealed class BreakGlassServiceTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private static BreakGlassForm Form(string hospital = "north-general", bool restricted = false, bool confirmed = false) => new()
    {
        PatientId = "alice",
        HospitalId = hospital,
        DepartmentId = "cardiology",
        Reason = BreakGlassReason.UnconsciousOrUnresponsive,
        ReasonText = "Brought in unconscious after a collapse.",
        IncludeRestricted = restricted,
        RestrictedConfirmedAgain = confirmed,
    };

    private BreakGlassService Doctor => _portal.As("dr.chen").Get<BreakGlassService>();

    [Fact]
    public async Task The_record_is_released_to_the_doctor_flagged_for_the_patient_and_queued_for_the_emergency_hospital_only()
    {
        var outcome = await Doctor.OpenAsync(Form());

        Assert.True(outcome.Succeeded, outcome.Message);
        var released = outcome.Events.OfType<MessageView>().SelectMany(m => m.Recovered).Single(r => r.Name == "M_EMR").Value;
        Assert.Contains("stent placed", released);
        Assert.Contains(outcome.Events.OfType<VerificationView>(), v => v.Check == BreakGlassStatement.HospitalCheck && v.Passed);
        var log = await _portal.As("alice").Queries.AuditForPatientAsync();
        Assert.Contains(log, e => e.Action == BreakGlassService.ReadAction && e.Actor == "dr-chen");
        var queue = await _portal.As("admin.north").Get<BreakGlassReviews>().QueueAsync();
        Assert.Equal((outcome.AccessId, BreakGlassReview.Pending), (queue.Single().Id, queue.Single().Review));
        Assert.Empty(await _portal.As("admin.south").Get<BreakGlassReviews>().QueueAsync());
        await using var db = _portal.OpenDb();
        Assert.All(await db.BreakGlassEvents.ToListAsync(), e => Assert.False(PortalHarness.Contains(e.SealedPayload, "stent placed")));
    }

    [Fact]
    public async Task An_emergency_at_a_hospital_that_does_not_hold_the_record_is_stopped_at_the_public_cloud_and_stores_no_access()
    {
        var outcome = await Doctor.OpenAsync(Form("south-university"));

        Assert.False(outcome.Succeeded);
        Assert.Contains(BreakGlassStatement.RecordCheck, outcome.Message);
        await using var db = _portal.OpenDb();
        Assert.Empty(await db.BreakGlassAccesses.ToListAsync());
        Assert.Contains(await db.AuditEntries.ToListAsync(), e => e.Action == BreakGlassService.StoppedAction && e.PatientId == "alice");
    }

    [Fact]
    public async Task The_doctor_re_opens_within_the_time_box_and_is_refused_at_the_time_box_after_it()
    {
        var first = await Doctor.OpenAsync(Form());
        _portal.Clock.Advance(TimeSpan.FromHours(2));

        var again = await Doctor.ReopenAsync(first.AccessId!.Value);
        _portal.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var late = await Doctor.ReopenAsync(first.AccessId!.Value);

        Assert.True(again.Succeeded, again.Message);
        Assert.False(late.Succeeded);
        Assert.Contains(BreakGlassStatement.TimeBoxCheck, late.Message);
        var access = Assert.Single(await Doctor.MineAsync());
        Assert.Equal(2, access.Opens);
        var (_, events) = await Doctor.FindAsync(access.Id);
        Assert.Equal(events.Select(e => e.Sequence).Distinct().Count(), events.Count);
    }

    [Fact]
    public async Task Restricted_entries_need_a_second_confirmation_which_the_review_queue_flags()
    {
        var unconfirmed = await Assert.ThrowsAsync<PortalValidationException>(() => Doctor.OpenAsync(Form(restricted: true)));
        var confirmed = await Doctor.OpenAsync(Form(restricted: true, confirmed: true));

        Assert.Equal("restrictedConfirmedAgain", unconfirmed.Field);
        Assert.True(confirmed.Succeeded, confirmed.Message);
        Assert.True(Assert.Single(await _portal.As("admin.north").Get<BreakGlassReviews>().QueueAsync()).RestrictedConfirmed);
    }

    [Fact]
    public async Task The_emergency_hospitals_admin_reads_every_message_and_check_with_the_record_withheld_and_another_hospitals_admin_is_refused_and_audited()
    {
        var id = (await Doctor.OpenAsync(Form())).AccessId!.Value;

        var transcript = await _portal.As("admin.north").Get<BreakGlassReviews>().TranscriptAsync(id);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.As("admin.south").Get<BreakGlassReviews>().TranscriptAsync(id));

        var (_, asDecrypted) = await Doctor.FindAsync(id);
        Assert.Contains("stent placed", JsonSerializer.Serialize(asDecrypted));
        Assert.DoesNotContain("stent placed", JsonSerializer.Serialize(transcript));
        Assert.Equal(asDecrypted.Count, transcript.Count);
        Assert.Equal(BreakGlassReviews.Withheld, transcript.OfType<MessageView>().SelectMany(m => m.Recovered).Single(r => r.Name == "M_EMR").Value);
        Assert.Equal(["C_BG1, Sig_BG, T_BG", "C_BG2, Sig_CBG, T_CBG", "C_BG3, Sig_HBG, T_HBG"], transcript.OfType<MessageView>().Select(m => m.Name));
        Assert.All(transcript.OfType<MessageView>().SelectMany(m => m.Parts), p => Assert.NotNull(p.Hex));
        var checks = transcript.OfType<VerificationView>().ToList();
        Assert.All(checks, c => Assert.True(c.Passed, c.Check));
        Assert.Contains(checks, c => c.Check == "Cert_D legal" && c.Verifier.Role == "HospitalCloud");
        Assert.Contains(checks, c => c.Check == BreakGlassStatement.TimeBoxCheck && c.Verifier.Role == "PublicCloud");
        Assert.Equal("This access was not at your hospital.", refused.Message);
        await using var db = _portal.OpenDb();
        var audited = await db.AuditEntries.Where(e => e.Action == BreakGlassReviews.TranscriptAction).ToListAsync();
        Assert.Equal(("admin.south", "alice"), (Assert.Single(audited).Actor, audited[0].PatientId));
        Assert.StartsWith("Refused: an access at north-general", audited[0].Outcome);
    }

    [Fact]
    public async Task The_hospital_reviews_once_with_a_note_and_the_cloud_sees_only_reviews_left_pending_past_the_review_period()
    {
        var reviewed = (await Doctor.OpenAsync(Form())).AccessId!.Value;
        _portal.Clock.Advance(TimeSpan.FromHours(1));
        var pending = (await Doctor.OpenAsync(Form())).AccessId!.Value;
        var admin = _portal.As("admin.north").Get<BreakGlassReviews>();

        var noNote = await Assert.ThrowsAsync<PortalValidationException>(() => admin.ReviewAsync(reviewed, true, " "));
        await admin.ReviewAsync(reviewed, false, "No emergency: the patient was conscious.");
        await Assert.ThrowsAsync<PortalValidationException>(() => admin.ReviewAsync(reviewed, true, "again"));
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.As("admin.south").Get<BreakGlassReviews>().ReviewAsync(pending, true, "not ours"));
        var cloud = _portal.As(PortalSteps.CloudAdmin).Get<BreakGlassReviews>();
        var early = await cloud.OverdueAsync();
        _portal.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        var overdue = await cloud.OverdueAsync();

        Assert.Equal("note", noNote.Field);
        Assert.Equal(BreakGlassReview.Unjustified, (await admin.QueueAsync()).Single(a => a.Id == reviewed).Review);
        Assert.Empty(early);
        Assert.Equal(pending, Assert.Single(overdue).Id);
        var log = await _portal.As("alice").Queries.AuditForPatientAsync();
        Assert.Contains(log, e => e.Action == BreakGlassReviews.ReviewedAction && e.Actor == "admin.north" && e.Outcome.StartsWith("Unjustified"));
    }
}
