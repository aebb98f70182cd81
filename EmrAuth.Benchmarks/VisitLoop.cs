using System.Diagnostics;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// Returning-patient visits or EHR migrations in a loop, for a profiler (dotnet-trace) rather than BenchmarkDotNet: one
/// process, one profile, no iteration setup in the trace. The first tenth of the runs is warm-up and is not timed.
/// </summary>
internal static class VisitLoop
{
    private const int Patients = 32;

    public static void Run(ProtocolProfile profile, int visits, TextWriter output)
    {
        using var world = BenchWorld.Create(profile);
        world.WarmUp();
        var patients = Enumerable.Range(0, Patients).Select(i => world.AddPatient($"patient-{i:D3}")).ToArray();
        Measure($"{profile} visits", visits, i => world.RunVisit(patients[i % Patients], NullEventSink.Instance), output);
    }

    /// <summary>Migrations of fresh patients (a proof or staged transfer is never reused), between the two hospitals.</summary>
    public static void RunMigrations(int migrations, TextWriter output)
    {
        var (world, network) = MigrationBenchmarks.Create();
        using (world)
        using (network)
        {
            var patients = Enumerable.Range(0, migrations + Math.Max(migrations / 10, Patients)).Select(i => world.AddPatient($"patient-{i:D5}")).ToArray();
            Measure("migrations", migrations, i => MigrationBenchmarks.Migrate(network, patients[i], NullEventSink.Instance), output);
        }
    }

    private static void Measure(string what, int runs, Action<int> run, TextWriter output)
    {
        var warmUp = Math.Max(runs / 10, Patients);
        for (var i = 0; i < warmUp; i++)
        {
            run(runs + i);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            run(i);
        }
        watch.Stop();
        var perRun = (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs;
        output.WriteLine($"{runs} {what}: {watch.Elapsed.TotalMilliseconds / runs:F3} ms and {perRun / 1024.0:F1} KB each.");
    }
}
