using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// Complete visits per second with 1, 2, 8 and 64 visits in flight (closed loop: each worker starts its next visit when
/// the last one ends), first in the domain, then through the portal's services with SQLite. Not BenchmarkDotNet: the
/// figure is a rate under concurrency, and the latency of single steps under that load (p50, p95).
/// <list type="bullet">
/// <item>Domain: a step is one of <see cref="EmrAuth.Domain.Phases.Visit"/>'s consultation, EMR search, diagnosis + filing;
/// every party in memory, <see cref="NullEventSink"/>.</item>
/// <item>Portal: a step is one action of a person (start, accept, readings, EMR search, diagnosis), each with its
/// authorization, sealing, audit entries and one SQLite commit.</item>
/// </list>
/// Every worker is its own patient, with dr-chen and the record at one hospital: the shared parties are contended.
/// </summary>
internal static class ThroughputBenchmarks
{
    private static readonly int[] Concurrency = [1, 2, 8, 64];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    /// <summary>Concurrency levels of the deployment comparison (<c>--throughput instances</c>).</summary>
    private static readonly int[] InstanceConcurrency = [1, 16, 64];

    /// <summary>
    /// <c>--throughput</c> runs domain and portal; <c>--throughput domain</c> or <c>--throughput portal</c> one of them;
    /// <c>--throughput instances</c> the portal on SQLite (1 instance) and PostgreSQL (1 and 2 instances), on the
    /// server named by EMRAUTH_TEST_POSTGRES (docs/benchmarks.md, "Several instances").
    /// </summary>
    public static async Task RunAsync(TextWriter output, string[] args)
    {
        var only = args.SkipWhile(a => a != "--throughput").Skip(1).FirstOrDefault();
        output.WriteLine($"Throughput: {Environment.ProcessorCount} cores, warm-up {WarmUp.TotalSeconds:0} s, window {Window.TotalSeconds:0} s per level");
        output.WriteLine("| Where | Concurrent visits | Visits/s | Step p50 (ms) | Step p95 (ms) | CPU ms/visit | Visits | Errors |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        if (only is null or "domain")
        {
            using var world = BenchWorld.Create();
            var patients = Enumerable.Range(0, Concurrency.Max()).Select(i => world.AddPatient($"patient-{i:D3}")).ToList();
            var hospital = world.Deployment.Hospitals[BenchWorld.RecordHospital];
            var records = patients.Select(p => hospital.FindRecord(p.Id, BenchWorld.Cardiology)!).ToList();
            world.WarmUp();
            foreach (var level in Concurrency)
            {
                Print(output, "Domain", await ThroughputRun.MeasureAsync(level, WarmUp, Window, (worker, steps) => Task.Run(() =>
                {
                    DomainVisit(world, patients[worker], steps);
                    // Each visit files a diagnosis into the record the next visit searches, renders and encrypts: without
                    // this, a worker's record grew by one entry per visit (thousands per level) and so did every visit's cost.
                    // Back to its first entry, every visit is the single-visit benchmark's returning patient.
                    hospital.RestoreRecord(records[worker]);
                })));
            }
        }
        if (only is "instances")
        {
            var server = Environment.GetEnvironmentVariable("EMRAUTH_TEST_POSTGRES") is { Length: > 0 } s
                ? s
                : throw new InvalidOperationException("Set EMRAUTH_TEST_POSTGRES to a PostgreSQL server's connection string (./test.sh's recipe, docs/postgresql.md).");
            foreach (var (where, postgres, instances) in new[] { ("SQLite, 1 instance", null, 1), ("PostgreSQL, 1 instance", server, 1), ("PostgreSQL, 2 instances", server, 2) })
            {
                await using var portal = await PortalWorld.StartAsync(InstanceConcurrency.Max(), postgres, instances);
                foreach (var level in InstanceConcurrency)
                {
                    Print(output, where, await ThroughputRun.MeasureAsync(level, WarmUp, Window, portal.VisitAsync));
                }
            }
        }
        if (only is null or "portal")
        {
            await using var portal = await PortalWorld.StartAsync(Concurrency.Max());
            foreach (var level in Concurrency)
            {
                Print(output, "Portal + SQLite", await ThroughputRun.MeasureAsync(level, WarmUp, Window, portal.VisitAsync));
            }
        }
    }

    private static void DomainVisit(BenchWorld world, Patient patient, StepTimer steps)
    {
        var visit = world.NewVisit(patient, NullEventSink.Instance);
        steps.Time(() => visit.Consult(BenchWorld.Readings));
        steps.Time(() => visit.SearchRecord(BenchWorld.Cardiology));
        steps.Time(() => visit.Diagnose(BenchWorld.DiagnosisText));
    }

    private static void Print(TextWriter output, string where, ThroughputResult r) =>
        output.WriteLine($"| {where} | {r.Concurrency} | {r.VisitsPerSecond:0} | {r.P50.TotalMilliseconds:0.0} | {r.P95.TotalMilliseconds:0.0} | {r.CpuMillisecondsPerVisit:0.0} | {r.Visits} | {r.Errors} |");
}
