using System.Diagnostics;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// Returning-patient visits in a loop, for a profiler (dotnet-trace) rather than BenchmarkDotNet: one process, one
/// profile, no iteration setup in the trace. The first tenth of the visits is warm-up and is not timed.
/// </summary>
internal static class VisitLoop
{
    private const int Patients = 32;

    public static void Run(ProtocolProfile profile, int visits, TextWriter output)
    {
        using var world = BenchWorld.Create(profile);
        world.WarmUp();
        var patients = Enumerable.Range(0, Patients).Select(i => world.AddPatient($"patient-{i:D3}")).ToArray();
        var warmUp = Math.Max(visits / 10, Patients);
        for (var i = 0; i < warmUp; i++)
        {
            world.RunVisit(patients[i % Patients], NullEventSink.Instance);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < visits; i++)
        {
            world.RunVisit(patients[i % Patients], NullEventSink.Instance);
        }
        watch.Stop();
        var perVisit = (GC.GetAllocatedBytesForCurrentThread() - allocated) / visits;
        output.WriteLine($"{profile}: {visits} visits, {watch.Elapsed.TotalMilliseconds / visits:F3} ms and {perVisit / 1024.0:F1} KB per visit.");
    }
}
