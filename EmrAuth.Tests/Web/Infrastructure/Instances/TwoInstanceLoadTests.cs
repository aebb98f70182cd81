using EmrAuth.Tests.Web.Support;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Tests.Web.Infrastructure.Instances;

/// <summary>
/// Issue 13, "Load": 200 visits at once across two portal instances (two in-process service hosts, as Program.cs wires
/// them, on one PostgreSQL database and one data folder), through the portal's services, every visit switching
/// instance at every step. Afterwards nothing is lost or doubled, every visit ended in a final state, the audit chain
/// both instances wrote verifies, the shared replay cache holds only digests with an expiry, no sealed visit state is
/// left, and every patient's index row still opens for a search on either instance. Steps carry short readings and
/// diagnoses: the count is the load, not the payload.
/// </summary>
public sealed class TwoInstanceLoadTests : IAsyncLifetime
{
    private const int Visits = 200;

    // Each demo patient with a record, and a doctor of that record's department.
    private static readonly (string Patient, string Doctor, string Department)[] Pairs =
    [
        ("alice", "dr-chen", "cardiology"),
        ("bob", "dr-huang", "neurology"),
        ("carol", "dr-chen", "cardiology"),
        ("dan", "dr-deng", "oncology"),
    ];

    private PortalHarness _portal = null!;
    private PortalHarness _second = null!;

    public async Task InitializeAsync()
    {
        _portal = await PortalHarness.StartAsync(provider: StorageProvider.Postgres);
        _second = await _portal.StartAnotherInstanceAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task Two_hundred_visits_at_once_on_two_instances_lose_nothing_double_nothing_and_leave_a_verifiable_chain()
    {
        var instances = new[] { Sessions(_portal.As), Sessions(_second.As) };
        var entriesBefore = await CountEntriesAsync();
        int indexRowsBefore;
        await using (var db = _portal.OpenDb())
        {
            indexRowsBefore = await db.IndexRecords.CountAsync();
        }

        // All at once: every visit waits at the gate, then runs its five steps, alternating between the instances (step k
        // of visit i on instance (i + k) mod 2): each step continues from the state the other instance sealed.
        var gate = new TaskCompletionSource();
        var runs = Enumerable.Range(0, Visits).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var (patient, doctor, department) = Pairs[i % Pairs.Length];
            return await RunVisitAsync(step => instances[(i + step) % 2], patient, doctor, department, i);
        })).ToList();
        gate.SetResult();
        var outcomes = await Task.WhenAll(runs);

        var failures = outcomes.Where(o => o.Failure is not null).Select(o => $"visit {o.Index}: {o.Failure}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {Visits} visits failed:\n{string.Join('\n', failures.Take(10))}");

        // Nothing lost, nothing doubled: one row per started visit, each in its final state (diagnosed); one filed entry per diagnosis.
        await using (var db = _portal.OpenDb())
        {
            var rows = await db.Visits.AsNoTracking().Select(v => new { v.Id, v.Status }).ToListAsync();
            Assert.Equal(outcomes.Select(o => o.VisitId).Order(), rows.Select(r => r.Id).Order());
            Assert.All(rows, row => Assert.Equal(VisitStatus.Diagnosed, row.Status));
            Assert.Equal(indexRowsBefore, await db.IndexRecords.CountAsync());
        }
        var entriesAfter = await CountEntriesAsync();
        foreach (var patient in Pairs.Select(p => p.Patient))
        {
            Assert.Equal(entriesBefore[patient] + outcomes.Count(o => Pairs[o.Index % Pairs.Length].Patient == patient), entriesAfter[patient]);
        }

        // The audit chain both instances wrote is one chain, and each instance verifies it.
        foreach (var on in instances)
        {
            var report = await on[PortalSteps.CloudAdmin].Audit.VerifyAsync();
            Assert.True(report.Intact, report.Summary);
        }

        // No sealed session state outlives its visit (each is deleted by the step that ends the visit).
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM \"VisitSessionStates\""));

        // The shared replay cache: digests were remembered, every one with an expiry.
        Assert.True(await ScalarAsync("SELECT count(*) FROM \"ReplayDigests\"") > 0, "No replay digest was shared.");
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM \"ReplayDigests\" WHERE \"ExpiresTicks\" IS NULL OR \"ExpiresTicks\" <= 0"));

        // Every patient's index row still opens: one more visit per patient reaches its record on each instance.
        foreach (var (patient, doctor, department) in Pairs)
        {
            foreach (var on in instances)
            {
                var outcome = await RunVisitAsync(_ => on, patient, doctor, department, -1);
                Assert.True(outcome.Failure is null, $"{patient} after the load: {outcome.Failure}");
            }
        }
    }

    private sealed record Outcome(int Index, Guid VisitId, string? Failure);

    /// <summary>Start, accept, readings, EMR search, diagnosis; step k (from 0) on the instance <paramref name="on"/> gives.</summary>
    private static async Task<Outcome> RunVisitAsync(Func<int, Dictionary<string, PortalSession>> on, string patient, string doctor,
        string department, int index)
    {
        var visitId = Guid.Empty;
        try
        {
            var (id, started) = await on(0)[patient].Visits.StartAsync(doctor, departments: [department]);
            visitId = id;
            var steps = new Func<Task<VisitActionResult>>[]
            {
                () => on(1)[doctor].Visits.AcceptAsync(id),
                () => on(2)[patient].Visits.SendReadingsAsync(id, $"HR {60 + (index & 31)}"),
                () => on(3)[doctor].Visits.SearchRecordAsync(id, department),
                () => on(4)[doctor].Visits.DiagnoseAsync(id, $"Load visit {index}."),
            };
            var result = started;
            foreach (var step in steps)
            {
                if (!result.Succeeded)
                {
                    break;
                }
                result = await step();
            }
            return new Outcome(index, visitId, result.Succeeded ? null : result.Message);
        }
        catch (Exception e)
        {
            return new Outcome(index, visitId, e.ToString());
        }
    }

    /// <summary>The services of each account the load uses, on one instance.</summary>
    private static Dictionary<string, PortalSession> Sessions(Func<string, PortalSession> open) =>
        Pairs.SelectMany(p => new[] { p.Patient, p.Doctor }).Distinct().Append(PortalSteps.CloudAdmin)
            .ToDictionary(party => party, party => open(PortalSteps.UserOf(party)));

    private async Task<Dictionary<string, int>> CountEntriesAsync()
    {
        await using var db = _portal.OpenDb();
        var patients = Pairs.Select(p => p.Patient).ToList();
        return await db.EmrEntries.Where(e => patients.Contains(e.PatientId)).GroupBy(e => e.PatientId)
            .ToDictionaryAsync(g => g.Key, g => g.Count());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_portal.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
