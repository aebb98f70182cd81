using EmrAuth.Domain.Parties;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>Visits of different patients run at once through the real services; nothing they write is lost, doubled or misordered.</summary>
public sealed class ParallelVisitTests : IAsyncLifetime
{
    // Each demo patient with a doctor of the department of their record; dr-chen serves two patients at two hospitals.
    private static readonly (string Patient, string Doctor, string Department, string Hospital)[] Pairs =
    [
        ("alice", "dr-chen", "cardiology", "north-general"),
        ("bob", "dr-huang", "neurology", "north-general"),
        ("carol", "dr-chen", "cardiology", "south-university"),
        ("dan", "dr-deng", "oncology", "south-university"),
    ];

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Many_visits_at_once_all_end_diagnosed_with_every_write_kept_once_and_the_audit_chain_intact()
    {
        const int visitsPerPatient = 4;
        foreach (var (patient, doctor, _, hospital) in Pairs)
        {
            // Sessions are made before the visits start: the harness's session table is not for concurrent use.
            (_, _, _) = (_portal.AsParty(patient), _portal.AsParty(doctor), _portal.AsParty(hospital));
        }
        var host = _portal.Host;
        var replayBefore = ReplayCounts(host);
        var auditBefore = await CountAsync(db => db.AuditEntries);

        var runs = Pairs.SelectMany(p => Enumerable.Range(0, visitsPerPatient).Select(i => Task.Run(() =>
            CompleteVisitAsync(_portal, p.Patient, p.Doctor, p.Department, diagnosis: $"{p.Patient} visit {i}: stable.")))).ToList();
        var visitIds = await Task.WhenAll(runs);

        Assert.Equal(visitIds.Length, visitIds.Distinct().Count());
        await using var db = _portal.OpenDb();
        var visits = await db.Visits.Where(v => visitIds.Contains(v.Id)).ToListAsync();
        Assert.Equal(visitIds.Length, visits.Count);
        Assert.All(visits, v => Assert.Equal(VisitStatus.Diagnosed, v.Status));
        Assert.Empty(_portal.Get<OpenVisits>().Sessions);

        // Every visit's transcript is stored once, numbered 1..n without gaps or repeats.
        var events = await db.VisitEvents.Where(e => visitIds.Contains(e.VisitId)).Select(e => new { e.VisitId, e.Sequence }).ToListAsync();
        foreach (var visit in events.GroupBy(e => e.VisitId))
        {
            Assert.Equal(Enumerable.Range(1, visit.Count()).Select(i => (long)i), visit.Select(e => e.Sequence).Order());
        }
        Assert.Equal(visitIds.Length, events.Select(e => e.VisitId).Distinct().Count());

        // Each diagnosis was filed exactly once, in memory and in the database: four more entries per record.
        foreach (var (patient, _, department, hospital) in Pairs)
        {
            var filed = host.Hospitals[hospital].FindRecord(patient, department)!.Entries.Skip(1).Select(e => e.Text).Order().ToList();
            Assert.Equal(Enumerable.Range(0, visitsPerPatient).Select(i => $"{patient} visit {i}: stable.").Order(), filed);
            var stored = await db.EmrEntries.Where(e => e.PatientId == patient && e.DepartmentId == department).CountAsync();
            Assert.Equal(1 + visitsPerPatient, stored);
        }

        // Every accepted message is in its receiver's replay cache: per visit 2 at the patient, 5 at the doctor,
        // 2 at the public cloud and 3 at the hospital (nothing expires: the test clock stands still).
        var replayAfter = ReplayCounts(host);
        int Gained(string id) => replayAfter[id] - replayBefore[id];
        foreach (var (patient, _, _, _) in Pairs)
        {
            Assert.Equal(2 * visitsPerPatient, Gained(patient));
        }
        Assert.Equal(5 * 2 * visitsPerPatient, Gained("dr-chen"));
        Assert.Equal(5 * visitsPerPatient, Gained("dr-huang"));
        Assert.Equal(2 * visitIds.Length, Gained(ProtocolHost.CloudId));
        Assert.Equal(3 * 2 * visitsPerPatient, Gained("north-general"));

        // Five step entries and one "EMR read" per visit, all in one chain that verifies.
        Assert.Equal(auditBefore + 6 * visitIds.Length, await CountAsync(d => d.AuditEntries));
        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
    }

    [Fact]
    public async Task A_step_of_one_visit_runs_while_a_step_of_another_patients_visit_is_held_inside_its_commit()
    {
        var (alice, bob, drHuang) = (_portal.AsParty("alice").Visits, _portal.AsParty("bob").Visits, _portal.AsParty("dr-huang").Visits);
        using var release = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The hub publishes inside the step, after its save and before its gates are released: hold alice's step there.
        void Hold(VisitChange change)
        {
            if (change.PatientId == "alice" && held.TrySetResult())
            {
                release.Wait();
            }
        }
        _portal.Hub.Changed += Hold;
        try
        {
            var aliceStep = Task.Run(() => alice.StartAsync("dr-chen"));
            await held.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // Under one global gate these would wait for alice's step for ever (the timeout only stops a hang).
            var (visitId, started) = await bob.StartAsync("dr-huang").WaitAsync(TimeSpan.FromSeconds(60));
            AssertSucceeded(started);
            AssertSucceeded(await drHuang.AcceptAsync(visitId).WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.False(aliceStep.IsCompleted);

            release.Set();
            AssertSucceeded((await aliceStep).Result);
        }
        finally
        {
            release.Set();
            _portal.Hub.Changed -= Hold;
        }
    }

    private static Dictionary<string, int> ReplayCounts(ProtocolHost host) =>
        new Party[] { host.Cloud }.Concat(host.Hospitals.Values).Concat(host.Doctors.Values).Concat(host.Patients.Values)
            .ToDictionary(p => p.Id, p => p.Replay.Count);

    private async Task<int> CountAsync(Func<EmrAuthDbContext, IQueryable<object>> rows)
    {
        await using var db = _portal.OpenDb();
        return await rows(db).CountAsync();
    }
}
