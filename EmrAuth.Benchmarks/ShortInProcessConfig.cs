using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The one job every benchmark here runs: in process, 1 launch, 3 warm-up and 10 measured iterations.
/// </summary>
/// <remarks>
/// In process (InProcessEmitToolchain), in the host process that <c>dotnet run</c> starts. BenchmarkDotNet's default
/// toolchain would build a copy of the benchmark project and EmrAuth.Domain first (about 20 s), and
/// the pools built by <see cref="BenchmarkDotNet.Attributes.IterationSetupAttribute"/> need no process isolation.
/// The short counts keep the whole run to a few minutes.
/// </remarks>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("ShortInProcess"));
        // The machine has 2 cores and may be shared: the median and the minimum are reported beside the mean.
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
    }
}
