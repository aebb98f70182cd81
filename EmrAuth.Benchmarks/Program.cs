using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using EmrAuth.Benchmarks;

// dotnet run -c Release --project EmrAuth.Benchmarks               all benchmarks (about 3 minutes), then the tables
// dotnet run -c Release --project EmrAuth.Benchmarks -- --sizes    only the size and operation tables (seconds)
// dotnet run -c Release --project EmrAuth.Benchmarks -- --filter '*Phase*'   BenchmarkDotNet's own options, then the tables
// dotnet run -c Release --project EmrAuth.Benchmarks -- --filter '*ConstantTime*'   secret-scalar timing by kind of scalar
var watch = Stopwatch.StartNew();
if (!args.Contains("--sizes"))
{
    Type[] protocol = [typeof(RegistrationBenchmarks), typeof(PhaseBenchmarks), typeof(MigrationBenchmarks)];
    if (args.Length == 0)
    {
        BenchmarkRunner.Run(protocol, DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary));
        BenchmarkRunner.Run<PrimitiveBenchmarks>();
    }
    else
    {
        BenchmarkSwitcher.FromTypes([.. protocol, typeof(PrimitiveBenchmarks), typeof(ConstantTimeBenchmarks)]).Run(args);
    }
    Console.WriteLine($"Benchmark run: {watch.Elapsed:m\\:ss} (m:ss).");
    Console.WriteLine();
}
ProtocolReport.Print(Console.Out);
