using MudBlazor;

namespace EmrAuth.Web.Features.Migrations;

/// <summary>Who reads a migration: each role gets its own wording; the protocol view shows everyone the same detail.</summary>
public enum MigrationAudience
{
    Patient,
    HospitalAdmin,
    Ttph,
}

/// <summary>Wording shared by the migration pages: status labels and the steps M1–M9 in each audience's words.</summary>
public static class MigrationText
{
    /// <summary>Each message in delivery order (Index: the destination's index registration).</summary>
    public static readonly IReadOnlyList<string> Hops = ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "Index", "M9"];

    private static readonly string[] PatientSteps =
    [
        "Your device asks the trusted third-party hospital (TTPH) for a one-time migration proof",
        "The TTPH asks the source hospital for the record's fingerprint",
        "The source hospital answers with the signed fingerprint",
        "The TTPH issues the proof to your device",
        "Your device hands the proof to the source hospital",
        "The source hospital sends the record, encrypted for the destination",
        "The destination signs a receipt: from here on the move is certain",
        "The source hospital confirms that it archived its copy",
        "Doctors' searches now lead to the destination",
        "The receipt reaches your device",
    ];

    private static readonly string[] HospitalSteps =
    [
        "The patient's device asks the TTPH for a migration proof",
        "The TTPH asks the source for the record's digest h(EHR)",
        "The source answers with the signed h(EHR)",
        "The TTPH issues the proof \u03a0 to the patient's device",
        "The patient's device hands \u03a0 to the source",
        "The source sends the record, encrypted for the destination",
        "The destination signs a receipt (commit point)",
        "The source commits: it has archived its copy",
        "The public cloud's index points to the destination",
        "The receipt reaches the patient's device",
    ];

    // The TTPH takes part in M1–M4 itself: those steps are told in its first person.
    private static readonly string[] TtphSteps =
    [
        "The patient's device asks us for a migration proof",
        "We ask the source for the record's digest h(EHR)",
        "The source answers us with the signed h(EHR)",
        "We issue the proof \u03a0 to the patient's device",
        .. HospitalSteps[4..],
    ];

    public static MigrationAudience AudienceOf(string role) => role switch
    {
        Roles.Patient => MigrationAudience.Patient,
        Roles.HospitalAdmin => MigrationAudience.HospitalAdmin,
        _ => MigrationAudience.Ttph,
    };

    public static string Step(string hop, MigrationAudience audience)
    {
        var steps = audience switch
        {
            MigrationAudience.Patient => PatientSteps,
            MigrationAudience.HospitalAdmin => HospitalSteps,
            _ => TtphSteps,
        };
        return steps[Index(hop)];
    }

    public static string Label(MigrationStatus status) => status switch
    {
        MigrationStatus.Running => "In progress",
        MigrationStatus.Completed => "Moved",
        MigrationStatus.Failed => "Refused",
        _ => "Interrupted",
    };

    public static Color Color(MigrationStatus status) => status switch
    {
        MigrationStatus.Completed => MudBlazor.Color.Success,
        MigrationStatus.Failed => MudBlazor.Color.Error,
        MigrationStatus.Interrupted => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Info,
    };

    /// <summary>Whether the step has been delivered, given the migration's next step.</summary>
    public static bool IsDelivered(string hop, string nextStep) =>
        nextStep == "Done" || Index(hop) < Index(nextStep);

    private static int Index(string hop) => Hops.ToList().IndexOf(hop);
}
