using System.Globalization;

namespace EmrAuth.Web.Features.Visits;

/// <summary>
/// The smart device's readings M_SD as a patient enters them (or the simulated device produces them), their
/// plausibility ranges, and the one-line text that is encrypted under SEK_1.
/// </summary>
public sealed class ReadingsModel
{
    public const int MaxEcgLength = 200;

    public static readonly (int Min, int Max) HeartRateRange = (20, 250);
    public static readonly (int Min, int Max) SystolicRange = (50, 260);
    public static readonly (int Min, int Max) DiastolicRange = (30, 160);
    public static readonly (int Min, int Max) SpO2Range = (50, 100);

    private static readonly string[] EcgFindings =
    [
        "sinus rhythm",
        "sinus rhythm, normal axis",
        "sinus rhythm, occasional PVCs",
        "sinus rhythm, no ST changes",
    ];

    public int? HeartRate { get; set; }

    public int? Systolic { get; set; }

    public int? Diastolic { get; set; }

    public int? SpO2 { get; set; }

    public string Ecg { get; set; } = "";

    /// <summary>Field name → what is wrong, in words; empty when every reading is plausible.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, error) in new[]
        {
            (nameof(HeartRate), HeartRateError(HeartRate)),
            (nameof(Systolic), SystolicError(Systolic)),
            (nameof(Diastolic), DiastolicError(Diastolic, Systolic)),
            (nameof(SpO2), SpO2Error(SpO2)),
            (nameof(Ecg), EcgError(Ecg)),
        })
        {
            if (error is not null)
            {
                errors[field] = error;
            }
        }
        return errors;
    }

    public static string? HeartRateError(int? value) => RangeError("Heart rate", value, HeartRateRange, "bpm");

    public static string? SystolicError(int? value) => RangeError("Systolic pressure", value, SystolicRange, "mmHg");

    /// <summary>In range, and below the systolic pressure when that is known.</summary>
    public static string? DiastolicError(int? value, int? systolic) =>
        RangeError("Diastolic pressure", value, DiastolicRange, "mmHg")
        ?? (value >= systolic ? "Diastolic pressure must be lower than systolic." : null);

    public static string? SpO2Error(int? value) => RangeError("SpO₂", value, SpO2Range, "%");

    public static string? EcgError(string? value)
    {
        var ecg = (value ?? "").Trim();
        return ecg.Length == 0 ? "Describe the ECG, e.g. \"sinus rhythm\"."
            : ecg.Length > MaxEcgLength ? $"Keep the ECG summary under {MaxEcgLength} characters."
            : ecg.Contains(';') ? "Use commas rather than semicolons in the ECG summary."
            : null;
    }

    /// <summary>"HR 72 bpm; BP 121/79 mmHg; SpO2 98 %; ECG: sinus rhythm". Call after <see cref="Validate"/> passed.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"HR {HeartRate} bpm; BP {Systolic}/{Diastolic} mmHg; SpO2 {SpO2} %; ECG: {Ecg.Trim()}");

    /// <summary>The simulated device: a plausible resting adult, drifting a little from the previous reading.</summary>
    public void Simulate(Random random)
    {
        HeartRate = Drift(random, HeartRate, 58, 96, 3);
        Systolic = Drift(random, Systolic, 108, 136, 3);
        Diastolic = Drift(random, Diastolic, 66, 86, 2);
        SpO2 = Drift(random, SpO2, 95, 99, 1);
        if (Ecg.Length == 0 || !EcgFindings.Contains(Ecg) || random.Next(8) == 0)
        {
            Ecg = EcgFindings[random.Next(EcgFindings.Length)];
        }
    }

    private static int Drift(Random random, int? current, int min, int max, int step) =>
        current is { } value && value >= min && value <= max
            ? Math.Clamp(value + random.Next(-step, step + 1), min, max)
            : random.Next(min, max + 1);

    private static string? RangeError(string label, int? value, (int Min, int Max) range, string unit) =>
        value is null ? $"{label} is required."
        : value < range.Min || value > range.Max ? $"{label} must be between {range.Min} and {range.Max} {unit}."
        : null;
}
