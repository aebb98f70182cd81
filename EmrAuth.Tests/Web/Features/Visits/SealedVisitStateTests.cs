using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// A running visit's sessions in the database (issue 13): sealed, bound to their visit, never in the clear, one row per
/// running visit, and a state that cannot be opened ends its visit cleanly.
/// </summary>
public sealed class SealedVisitStateTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_running_visits_session_keys_are_in_the_database_only_sealed_and_only_for_that_visit()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));
        var live = _portal.Get<OpenVisits>().Sessions[visitId];
        var (sek1, sek2) = (live.PatientSide!.SessionKey!.Export(), live.Search!.SessionKey!.Export());

        var bytes = _portal.ReadDatabaseBytes();
        Assert.False(PortalHarness.Contains(bytes, sek1), "SEK_1 is stored in the clear");
        Assert.False(PortalHarness.Contains(bytes, sek2), "SEK_2 is stored in the clear");
        Assert.False(PortalHarness.Contains(bytes, "EmrAuth.VisitSession.v1"), "a session export is stored unsealed");

        await using var db = _portal.OpenDb();
        var row = await db.VisitSessionStates.SingleAsync(s => s.VisitId == visitId);
        Assert.ThrowsAny<CryptographicException>(() => _portal.Sealer.UnsealVisitState(Guid.NewGuid(), row.SealedState));
        var opened = _portal.Sealer.UnsealVisitState(visitId, row.SealedState);
        Assert.True(PortalHarness.Contains(opened, sek1) && PortalHarness.Contains(opened, sek2), "the sealed state holds both session keys");
    }

    [Fact]
    public async Task Every_running_visit_has_one_sealed_state_row_and_a_finished_one_none()
    {
        var finished = await CompleteVisitAsync(_portal);
        var (declined, _) = await _portal.AsParty("bob").Visits.StartAsync("dr-huang");
        AssertSucceeded(await _portal.AsParty("dr-huang").Visits.RefuseAsync(declined, "Fully booked"));
        var (waiting, _) = await _portal.AsParty("carol").Visits.StartAsync("dr-chen");

        await using var db = _portal.OpenDb();
        Assert.Equal([waiting], await db.VisitSessionStates.Select(s => s.VisitId).ToListAsync());
        Assert.Equal(1, (await db.VisitSessionStates.SingleAsync()).Version);
        Assert.Equal((VisitStatus.Diagnosed, VisitStatus.Refused), ((await StatusAsync(_portal, finished)).Status, (await StatusAsync(_portal, declined)).Status));
    }

    [Fact]
    public async Task A_sealed_state_that_cannot_be_opened_ends_its_visit_interrupted_with_no_partial_record()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));
        int entries;
        await using (var db = _portal.OpenDb())
        {
            var row = await db.VisitSessionStates.SingleAsync(s => s.VisitId == visitId);
            var damaged = (byte[])row.SealedState.Clone();
            damaged[^1] ^= 1;
            (row.SealedState, row.Version) = (damaged, row.Version + 1);
            await db.SaveChangesAsync();
            Assert.Equal(damaged, (await db.VisitSessionStates.AsNoTracking().SingleAsync(s => s.VisitId == visitId)).SealedState);
            entries = await db.EmrEntries.CountAsync();
        }

        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis));

        Assert.Equal(VisitStateStore.UnreadableMessage, refused.Message);
        var visit = await StatusAsync(_portal, visitId);
        Assert.Equal((VisitStatus.Interrupted, VisitStateStore.UnreadableMessage), (visit.Status, visit.Outcome));
        await using var after = _portal.OpenDb();
        Assert.False(await after.VisitSessionStates.AnyAsync());
        Assert.Equal(entries, await after.EmrEntries.CountAsync());
        Assert.True((await _portal.AsCloud().Audit.VerifyAsync()).Intact);
    }
}
