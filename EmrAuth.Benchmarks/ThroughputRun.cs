using System.Diagnostics;

namespace EmrAuth.Benchmarks;

/// <summary>What one concurrency level measured: whole visits per second and the latency of single steps.</summary>
/// <remarks>
/// <see cref="Cpu"/> is this process's CPU time in the window (all threads, GC included). Per visit it does not depend
/// on what else the machine runs, so it bounds what idle cores could do: cores / CPU per visit.
/// </remarks>
internal sealed record ThroughputResult(int Concurrency, int Visits, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan P50, TimeSpan P95, int Errors)
{
    public double VisitsPerSecond => Visits / Elapsed.TotalSeconds;

    public double CpuMillisecondsPerVisit => Visits == 0 ? double.NaN : Cpu.TotalMilliseconds / Visits;
}

/// <summary>Times the steps of one worker's visits that end inside the window; each worker has its own, so recording takes no lock.</summary>
internal sealed class StepTimer(Func<bool> inWindow)
{
    public List<double> Milliseconds { get; } = [];

    public async Task<T> TimeAsync<T>(Func<Task<T>> step)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await step();
        Record(start);
        return result;
    }

    public void Time(Action step)
    {
        var start = Stopwatch.GetTimestamp();
        step();
        Record(start);
    }

    private void Record(long start)
    {
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (inWindow())
        {
            Milliseconds.Add(elapsed);
        }
    }
}

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers each run visits back to back (worker i as patient i), first for a
/// warm-up that is not counted, then for the measured window. A visit or a step counts when it ends inside the window.
/// </summary>
internal static class ThroughputRun
{
    public static async Task<ThroughputResult> MeasureAsync(int concurrency, TimeSpan warmUp, TimeSpan window, Func<int, StepTimer, Task> visit)
    {
        var measuring = false;
        var stop = false;
        bool InWindow() => Volatile.Read(ref measuring) && !Volatile.Read(ref stop);
        var timers = new StepTimer[concurrency];
        var completed = new int[concurrency];
        var errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var timer = timers[worker] = new StepTimer(InWindow);
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    await visit(worker, timer);
                    completed[worker] += InWindow() ? 1 : 0;
                }
                catch (Exception e)
                {
                    // A failed visit is reported, not retried: the throughput would otherwise hide it.
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        Console.Error.WriteLine($"visit failed: {e.Message}");
                    }
                }
            }
        })).ToList();
        await Task.Delay(warmUp);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(window);
        Volatile.Write(ref stop, true);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await Task.WhenAll(workers);
        var steps = timers.SelectMany(t => t.Milliseconds).Order().ToArray();
        return new ThroughputResult(concurrency, completed.Sum(), elapsed, cpu, Percentile(steps, 0.50), Percentile(steps, 0.95), errors);
    }

    private static TimeSpan Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)]);
}
