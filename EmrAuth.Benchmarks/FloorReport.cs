using System.Globalization;
using BenchmarkDotNet.Reports;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// Each phase benchmark beside its raw floor: the operations a returning-patient visit counts in that phase
/// (<see cref="ProtocolReport.CountVisit"/>), each priced at the median of its <see cref="FloorBenchmarks"/> primitive
/// measured in the same run, and the ratio measured/floor.
/// </summary>
internal static class FloorReport
{
    /// <summary>The floor primitives each counted operation needs, at the least.</summary>
    private static readonly Dictionary<Operation, string[]> Prices = new()
    {
        [Operation.SignatureMade] = [nameof(FloorBenchmarks.Sign)],
        [Operation.SignatureVerified] = [nameof(FloorBenchmarks.Verify)],
        [Operation.CertificateVerification] = [nameof(FloorBenchmarks.Verify)],
        [Operation.DirectoryVerification] = [nameof(FloorBenchmarks.Verify)],
        // ECIES: an ephemeral k·G and k·Q to encrypt; decoding the ephemeral point and k·R to decrypt; HKDF and AES-GCM each.
        [Operation.PublicKeyEncryption] = [nameof(FloorBenchmarks.MultiplyGenerator), nameof(FloorBenchmarks.Multiply), nameof(FloorBenchmarks.Hkdf), nameof(FloorBenchmarks.AesGcm)],
        [Operation.PublicKeyDecryption] = [nameof(FloorBenchmarks.Decode), nameof(FloorBenchmarks.Multiply), nameof(FloorBenchmarks.Hkdf), nameof(FloorBenchmarks.AesGcm)],
        [Operation.SymmetricEncryption] = [nameof(FloorBenchmarks.AesGcm)],
        [Operation.SymmetricDecryption] = [nameof(FloorBenchmarks.AesGcm)],
        // In a returning patient's visit every counted hash is a session-key derivation (HKDF); a first visit adds SHA-256s.
        [Operation.Hash] = [nameof(FloorBenchmarks.Hkdf)],
        [Operation.ScalarMultiplication] = [nameof(FloorBenchmarks.Multiply)],
        [Operation.GeneratorMultiplication] = [nameof(FloorBenchmarks.MultiplyGenerator)],
        [Operation.KeyConfirmation] = [nameof(FloorBenchmarks.Hmac)],
    };

    /// <summary>The phases each returning-patient benchmark of <see cref="PhaseBenchmarks"/> runs.</summary>
    private static readonly Dictionary<string, Phase[]> BenchmarkPhases = new()
    {
        [nameof(PhaseBenchmarks.Consultation)] = [Phase.Consultation],
        [nameof(PhaseBenchmarks.EmrSearch)] = [Phase.EmrSearch],
        [nameof(PhaseBenchmarks.Diagnosis)] = [Phase.Diagnosis],
        [nameof(PhaseBenchmarks.Filing)] = [Phase.Filing],
        [nameof(PhaseBenchmarks.FullVisitWithoutFiling)] = [Phase.Consultation, Phase.EmrSearch, Phase.Diagnosis],
        [nameof(PhaseBenchmarks.FullVisit)] = [Phase.Consultation, Phase.EmrSearch, Phase.Diagnosis, Phase.Filing],
        [nameof(PhaseBenchmarks.FullVisitWithTranscript)] = [Phase.Consultation, Phase.EmrSearch, Phase.Diagnosis, Phase.Filing],
    };

    public static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
        var floor = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(FloorBenchmarks))
            .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Median);
        var phases = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(PhaseBenchmarks)
            && BenchmarkPhases.ContainsKey(r.BenchmarkCase.Descriptor.WorkloadMethod.Name)).ToList();
        if (phases.Count == 0)
        {
            return;
        }
        if (floor.Count < Prices.Values.SelectMany(p => p).Distinct().Count())
        {
            output.WriteLine("Floor ratios need FloorBenchmarks and PhaseBenchmarks in the same run.");
            return;
        }
        output.WriteLine("## Phases against their raw floor (returning patient, medians)");
        output.WriteLine();
        output.WriteLine("| Benchmark | Profile | Measured | Floor | Measured/floor |");
        output.WriteLine("|---|---|---:|---:|---:|");
        var counts = Enum.GetValues<ProtocolProfile>().ToDictionary(p => p, p => ProtocolReport.CountVisit(p, returningPatient: true));
        foreach (var report in phases)
        {
            var profile = (ProtocolProfile)report.BenchmarkCase.Parameters[nameof(PhaseBenchmarks.Profile)]!;
            var included = BenchmarkPhases[report.BenchmarkCase.Descriptor.WorkloadMethod.Name];
            var floorNs = Prices.Sum(price => ProtocolReport.Sum(counts[profile], included, price.Key) * price.Value.Sum(name => floor[name]));
            var measured = report.ResultStatistics!.Median;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} | {profile} | {measured / 1e6:F3} ms | {floorNs / 1e6:F3} ms | {measured / floorNs:F2}× |"));
        }
        output.WriteLine();
    }
}
