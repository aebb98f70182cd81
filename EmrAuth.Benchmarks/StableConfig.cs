using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The one job every benchmark here runs: each benchmark case (so each profile) in its own process, 15 warm-up and 15
/// measured iterations, and a <see cref="DriftColumn"/> that shows whether the warm-up was long enough.
/// </summary>
/// <remarks>
/// <para>
/// Separate processes: in one process the case that runs first (the paper profile, by parameter order) also pays for
/// the JIT compiling and re-compiling the shared code; issue 12 measured it 20–30 % high. BenchmarkDotNet's default toolchain
/// builds the benchmark project once per run (about 20 s) and starts a process per case.
/// </para>
/// <para>
/// Warm-up: tiered compilation promotes a method after 30 calls, but only once no new method has been compiled for
/// 100 ms (TC_CallCountingDelayMs), and the iteration setups compile new code, which keeps postponing it. With the
/// delay at 0 the promotion happens during the first warm-up iterations; the code measured is still tier 1 with dynamic
/// PGO, as in production. The drift column checks it: the first measured iterations must agree with the last.
/// </para>
/// </remarks>
public sealed class StableConfig : ManualConfig
{
    public StableConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(15)
            .WithIterationCount(15)
            .WithEnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0")
            .WithId("Stable"));
        // The machine has 2 cores and may be shared: the median and the minimum are reported beside the mean.
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, new DriftColumn());
    }
}
