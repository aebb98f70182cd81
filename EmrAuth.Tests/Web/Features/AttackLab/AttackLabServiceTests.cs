using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.AttackLab;

/// <summary>
/// The attack lab behind /cloud/attack-lab on the real portal (SQLite file, Data Protection keys): runs aim at a
/// recorded visit's identities in a sandbox, never touch the portal's parties, and are audited; bad choices are refused
/// with the field to fix and leave nothing behind.
/// </summary>
public sealed class AttackLabServiceTests : IAsyncLifetime
{
    private const string Admin = "cloud.admin";

    private PortalHarness _portal = null!;

    private AttackLabService Lab => _portal.As(Admin).AttackLab;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task An_attack_on_a_recorded_visit_runs_on_its_identities_in_a_sandbox_and_is_audited()
    {
        var visitId = await CompleteVisitAsync(_portal);
        var storedEvents = (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count;
        var registered = _portal.Host.Cloud.RegisteredParties.Count;

        var run = await Lab.RunAsync(new AttackRequest("impersonate-patient-own-keys", visitId, ProtocolProfile.Paper));

        Assert.Equal(new LabTarget("alice", "dr-chen", "cardiology", "north-general"), run.Target);
        Assert.Equal("stopped at Eq. 15", run.Outcome.Headline);
        Assert.Contains(run.Events.OfType<VerificationView>(), v => v.Reference == "Eq. 15" && !v.Passed && v.Verifier.Id == "dr-chen");
        // The portal's own parties and the stored visit are untouched: no attacker registered, no event added.
        Assert.Equal(registered, _portal.Host.Cloud.RegisteredParties.Count);
        Assert.DoesNotContain(_portal.Host.Cloud.RegisteredParties, p => p.Id.Contains("mallory", StringComparison.Ordinal));
        Assert.Equal(storedEvents, (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count);
        await using var db = _portal.OpenDb();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal((Admin, "Attack lab run", "stopped at Eq. 15"), (entry.Actor, entry.Action, entry.Outcome));
        Assert.Equal("impersonate-patient-own-keys, Paper profile, sandbox of alice → dr-chen (cardiology at north-general)", entry.Subject);
        // The real parties still run a visit as before.
        await CompleteVisitAsync(_portal);
    }

    [Fact]
    public async Task A_key_compromise_shows_only_the_sandbox_plaintexts_never_the_recorded_visits()
    {
        var visitId = await CompleteVisitAsync(_portal);

        var run = await Lab.RunAsync(new AttackRequest("key-compromise-patient", visitId, ProtocolProfile.Paper));

        Assert.Equal(AttackVerdict.Succeeded, run.Outcome.Verdict);
        Assert.Contains(run.Outcome.Obtained, o => o.Contains(LabSandbox.Readings, StringComparison.Ordinal));
        Assert.DoesNotContain(run.Outcome.Obtained, o => o.Contains(Readings, StringComparison.Ordinal) || o.Contains(Diagnosis, StringComparison.Ordinal));
        Assert.DoesNotContain(run.Events.OfType<MessageView>().SelectMany(m => m.Recovered), r => r.Value.Contains(AliceRecord, StringComparison.Ordinal));
        var hardened = await Lab.RunAsync(new AttackRequest("key-compromise-patient", visitId, ProtocolProfile.Hardened));
        Assert.Equal("stopped at forward secrecy", hardened.Outcome.Headline);
    }

    [Fact]
    public async Task A_visit_that_never_reached_the_search_takes_the_doctors_department_and_the_hospital_holding_the_record()
    {
        var (visitId, started) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(started);

        var run = await Lab.RunAsync(new AttackRequest("migration-tampered-transfer", visitId, ProtocolProfile.Paper));

        Assert.Equal(new LabTarget("alice", "dr-chen", "cardiology", "north-general"), run.Target);
        Assert.Equal("stopped at Decrypt C_EHR with PRK_D", run.Outcome.Headline);
        Assert.Contains(run.Outcome.Events, e => e.Phase == Phase.Migration);
    }

    [Fact]
    public async Task The_eavesdropper_on_recorded_paper_visits_compares_their_stored_transcripts()
    {
        // Paper visits need the published scheme's deployment (the public cloud holds S_D for Eq. 26).
        await using var portal = await PortalHarness.StartAsync(ProtocolProfile.Paper);
        var lab = portal.As(Admin).AttackLab;
        var first = await CompleteVisitAsync(portal);
        var lonely = await Assert.ThrowsAsync<PortalValidationException>(() => lab.RunAsync(new AttackRequest("eavesdropper", first, ProtocolProfile.Paper)));
        Assert.Equal("visit", lonely.Field);
        Assert.Contains("needs a second Paper visit of alice with dr-chen", lonely.Message);
        await CompleteVisitAsync(portal);
        await CompleteVisitAsync(portal, "carol");

        var run = await lab.RunAsync(new AttackRequest("eavesdropper", first, ProtocolProfile.Paper));

        var report = run.Outcome.Eavesdropper!;
        Assert.Equal(("alice", "carol"), (report.PatientId, report.OtherPatientId));
        Assert.DoesNotContain(report.Parts, p => p.Linkage == Linkage.Identifies);
        // alice's record is at north-general, carol's at south-university: the filing's clear ID_HPC tells their visits apart.
        Assert.Contains(report.Parts, p => p.Part == "ID_HPC" && p.Linkage == Linkage.SameValue);
        Assert.Equal(AttackVerdict.Succeeded, run.Outcome.Verdict);
        Assert.Equal((await portal.AsCloud().Queries.EventsAsync(first)).Count, run.Events.Count);
        await using var db = portal.OpenDb();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("eavesdropper, Paper profile, recorded visits of alice with dr-chen", entry.Subject);
    }

    [Fact]
    public async Task The_eavesdropper_finds_no_linking_part_in_recorded_hardened_visits()
    {
        var first = await CompleteVisitAsync(_portal);
        await CompleteVisitAsync(_portal);
        await CompleteVisitAsync(_portal, "carol");

        var run = await Lab.RunAsync(new AttackRequest("eavesdropper", first, ProtocolProfile.Hardened));

        var report = run.Outcome.Eavesdropper!;
        Assert.Equal(("alice", "carol"), (report.PatientId, report.OtherPatientId));
        // The route travels as C_R, sealed to the public cloud; every plaintext is padded to its bucket.
        Assert.Contains(report.Parts, p => p.Part == "C_R" && p.Linkage == Linkage.None);
        Assert.Empty(report.Linking);
        Assert.Equal((AttackVerdict.Stopped, "stopped at no identifying or linking field"), (run.Outcome.Verdict, run.Outcome.Headline));
    }

    [Fact]
    public async Task The_fresh_sandbox_visit_is_offered_first_then_every_recorded_visit()
    {
        var visitId = await CompleteVisitAsync(_portal);

        var choices = await Lab.ChoicesAsync();

        Assert.Null(choices[0].VisitId);
        Assert.Equal(AttackLabService.FreshSandboxVisit, choices[0].Label);
        Assert.Contains(choices, c => c.VisitId == visitId && c.Label.Contains("alice → dr-chen (cardiology)", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadChoices => new()
    {
        { "attack", "no-such-attack" },
        { "visit", "unknown-visit" },
        { "tamper", "part-out-of-range" },
    };

    [Theory]
    [MemberData(nameof(BadChoices))]
    public async Task A_bad_choice_is_refused_at_its_field_and_nothing_is_audited(string field, string what)
    {
        await using (var before = _portal.OpenDb())
        {
            var request = what switch
            {
                "no-such-attack" => new AttackRequest("no-such-attack", null, ProtocolProfile.Paper),
                "unknown-visit" => new AttackRequest("tamper", Guid.NewGuid(), ProtocolProfile.Paper),
                _ => new AttackRequest("tamper", null, ProtocolProfile.Paper, new TamperChoice(Hop.C_P2, 2)),
            };
            var audited = await before.AuditEntries.CountAsync();

            var refused = await Assert.ThrowsAsync<PortalValidationException>(() => Lab.RunAsync(request));

            Assert.Equal(field, refused.Field);
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
            await using var after = _portal.OpenDb();
            Assert.Equal(audited, await after.AuditEntries.CountAsync());
        }
    }
}
