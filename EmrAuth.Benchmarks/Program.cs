using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using EmrAuth.Benchmarks;

// dotnet run -c Release --project EmrAuth.Benchmarks               floor, protocol and primitive benchmarks (about 15 minutes), then the tables
// dotnet run -c Release --project EmrAuth.Benchmarks -- --sizes    only the size and operation tables (seconds)
// dotnet run -c Release --project EmrAuth.Benchmarks -- --filter '*Phase*'   BenchmarkDotNet's own options, then the tables
// dotnet run -c Release --project EmrAuth.Benchmarks -- --throughput [domain|portal]   visits/s at 1, 2, 8, 64 concurrent visits
// dotnet run -c Release --project EmrAuth.Benchmarks -- --throughput instances   SQLite vs PostgreSQL, 1 and 2 instances (EMRAUTH_TEST_POSTGRES)
if (args.Contains("--throughput"))
{
    await ThroughputBenchmarks.RunAsync(Console.Out, args);
    return;
}
// dotnet run -c Release --project EmrAuth.Benchmarks -- --filter '*ConstantTime*'   secret-scalar timing by kind of scalar
// dotnet run -c Release --project EmrAuth.Benchmarks -- --visit-loop Paper 3000   visits in a loop, for dotnet-trace
if (args is ["--visit-loop", var profile, var visits])
{
    VisitLoop.Run(Enum.Parse<EmrAuth.Domain.Phases.ProtocolProfile>(profile), int.Parse(visits, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
    return;
}
// dotnet run -c Release --project EmrAuth.Benchmarks -- --migration-loop 1000   EHR migrations in a loop, for dotnet-trace
if (args is ["--migration-loop", var migrations])
{
    VisitLoop.RunMigrations(int.Parse(migrations, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
    return;
}
var watch = Stopwatch.StartNew();
if (!args.Contains("--sizes"))
{
    // The floor runs with the phases, so the ratios compare figures of one run on one machine state.
    Type[] protocol = [typeof(FloorBenchmarks), typeof(RegistrationBenchmarks), typeof(PhaseBenchmarks), typeof(MigrationBenchmarks)];
    BenchmarkDotNet.Reports.Summary[] summaries = args.Length == 0
        ? [.. BenchmarkRunner.Run(protocol, DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary)), BenchmarkRunner.Run<PrimitiveBenchmarks>()]
        : BenchmarkSwitcher.FromTypes([.. protocol, typeof(PrimitiveBenchmarks), typeof(ConstantTimeBenchmarks)]).Run(args).ToArray();
    Console.WriteLine($"Benchmark run: {watch.Elapsed:m\\:ss} (m:ss).");
    Console.WriteLine();
    FloorReport.Print(summaries, Console.Out);
}
ProtocolReport.Print(Console.Out);
