using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EmrAuth.Benchmarks;

/// <summary>
/// Mean of the last three measured iterations against the mean of the first three, as a signed percentage: near 0 when
/// the warm-up had finished (JIT and caches settled), clearly negative when the code was still getting faster.
/// </summary>
public sealed class DriftColumn : IColumn
{
    private const int Edge = 3;

    public string Id => nameof(DriftColumn);

    public string ColumnName => "Last/first";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Mean of the last {Edge} measured iterations relative to the first {Edge} (warm-up check)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var perOperation = summary[benchmarkCase]?.AllMeasurements
            .Where(m => m.Is(IterationMode.Workload, IterationStage.Actual))
            .Select(m => m.Nanoseconds / m.Operations)
            .ToArray() ?? [];
        if (perOperation.Length < 2 * Edge)
        {
            return "-";
        }
        // Rounded first, so that a drift that rounds to zero prints as 0.0 and not as a signed zero.
        var percent = Math.Round(100 * (perOperation[^Edge..].Average() / perOperation[..Edge].Average() - 1), 1);
        return percent.ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " %";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
