using Radzen;

namespace EmrAuth.Web.Features.Migrations;

/// <summary>Wording shared by the migration pages: status labels and the steps M1–M9 in plain words.</summary>
public static class MigrationText
{
    /// <summary>Each message in delivery order (Index: the destination's index registration), with who sends it to whom.</summary>
    public static readonly IReadOnlyList<(string Hop, string Text)> Steps =
    [
        ("M1", "Your device asks the TTPH for a migration proof"),
        ("M2", "The TTPH asks the source for the record's digest"),
        ("M3", "The source answers with the signed h(EHR)"),
        ("M4", "The TTPH issues the proof \u03a0 to your device"),
        ("M5", "Your device hands \u03a0 to the source"),
        ("M6", "The source sends the record, encrypted for the destination"),
        ("M7", "The destination signs a receipt (commit point)"),
        ("M8", "The source commits: it has archived its copy"),
        ("Index", "The public cloud's index points to the destination"),
        ("M9", "The receipt reaches your device"),
    ];

    public static string Label(MigrationStatus status) => status switch
    {
        MigrationStatus.Running => "In progress",
        MigrationStatus.Completed => "Moved",
        MigrationStatus.Failed => "Refused",
        _ => "Interrupted",
    };

    public static BadgeStyle Style(MigrationStatus status) => status switch
    {
        MigrationStatus.Completed => BadgeStyle.Success,
        MigrationStatus.Failed => BadgeStyle.Danger,
        MigrationStatus.Interrupted => BadgeStyle.Base,
        _ => BadgeStyle.Info,
    };

    /// <summary>Whether the step has been delivered, given the migration's next step.</summary>
    public static bool IsDelivered(string hop, string nextStep) =>
        nextStep == "Done" || Index(hop) < Index(nextStep);

    private static int Index(string hop) => Steps.Select(s => s.Hop).ToList().IndexOf(hop);
}
