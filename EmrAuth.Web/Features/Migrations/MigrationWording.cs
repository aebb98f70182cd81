namespace EmrAuth.Web.Features.Migrations;

/// <summary>
/// What a migration's title and outcome say to each audience. The stored outcome is the protocol's account (with the
/// checks' reasons, which may quote the TTPH's free-text revocation reason): administrators and the TTPH may read it,
/// the patient reads plain words built from the migration's status, step and failed check instead.
/// </summary>
public static class MigrationWording
{
    public static string Title(MigrationSummary m, MigrationAudience audience)
    {
        var record = audience == MigrationAudience.Patient ? $"your {m.DepartmentId} record" : $"the {m.DepartmentId} record of {m.PatientId}";
        return m.Status switch
        {
            MigrationStatus.Running => $"Moving {record} to {m.DestinationId}",
            MigrationStatus.Completed => $"{Capital(record)} moved to {m.DestinationId}",
            MigrationStatus.Failed when ReceiptRefused(m) => $"{Capital(record)} moved to {m.DestinationId}; the receipt was not verified",
            MigrationStatus.Failed => audience == MigrationAudience.Patient ? $"{Capital(record)} was not moved" : $"Migration of {record} refused",
            _ => audience == MigrationAudience.Patient ? $"The move of {record} was interrupted" : $"Migration of {record} interrupted",
        };
    }

    /// <summary>The latest state of the migration, one or two sentences.</summary>
    public static string Outcome(MigrationSummary m, MigrationAudience audience) =>
        audience == MigrationAudience.Patient ? ForPatient(m) : ForAdministrators(m);

    /// <summary>The heading of the box of a refused or interrupted migration.</summary>
    public static string StoppedHeading(MigrationSummary m, MigrationAudience audience) => audience switch
    {
        MigrationAudience.Patient => m.Status == MigrationStatus.Interrupted ? "Interrupted by a restart of the portal" : "Stopped by a security check",
        _ => m.FailedCheck is { } check ? $"Stopped at the check \u201c{check}\u201d" : "Stopped",
    };

    /// <summary>Whether the patient's device refused the receipt (M9) after the record had moved.</summary>
    public static bool ReceiptRefused(MigrationSummary m) => m.Status == MigrationStatus.Failed && m.NextStep == "M9";

    /// <summary>A record rolled forward after a restart: the source verified the receipt (M7), M9 never ran.</summary>
    public static bool RolledForward(MigrationSummary m) => m.Status == MigrationStatus.Completed && m.NextStep == "M9";

    /// <summary>
    /// Where the patient's record went when it is no longer at <paramref name="sourceId"/>: the latest completed migration
    /// of it, told in the patient's words; null when none is known.
    /// </summary>
    public static string? JustMoved(string sourceId, string departmentId, IEnumerable<MigrationSummary> migrations, Func<string, string> name) =>
        migrations.Where(m => m.SourceId == sourceId && m.DepartmentId == departmentId && m.Status == MigrationStatus.Completed)
            .MaxBy(m => m.UpdatedAt) is { } moved
            ? $"Your {departmentId} record was just moved from {name(sourceId)} to {name(moved.DestinationId)}. To move it again, choose it at its new hospital."
            : null;

    private static string ForPatient(MigrationSummary m) => m.Status switch
    {
        MigrationStatus.Running => $"In progress: {MigrationText.Step(m.NextStep == "Done" ? "M9" : m.NextStep, MigrationAudience.Patient).ToLowerInvariant()}.",
        MigrationStatus.Completed when RolledForward(m) =>
            $"Your {m.DepartmentId} record now lives at {m.DestinationId}. The portal restarted during the move, so the receipt never reached your " +
            $"device; {m.SourceId} checked the receipt {m.DestinationId} signed before it handed the record over.",
        MigrationStatus.Completed => $"Your {m.DepartmentId} record now lives at {m.DestinationId}; your device checked its signed receipt.",
        MigrationStatus.Failed when ReceiptRefused(m) =>
            $"Your {m.DepartmentId} record now lives at {m.DestinationId}, but your device could not verify the receipt it was sent.",
        MigrationStatus.Failed => $"{WhyRefused(m)} Nothing moved: your record is still at {m.SourceId}.",
        _ => $"The portal restarted before the move was finished. Nothing moved: your record is still at {m.SourceId}.",
    };

    // Only the two certificate checks have a cause the patient can act on (choose another hospital); for any other the
    // protocol view names the check.
    private static string WhyRefused(MigrationSummary m) => m.FailedCheck switch
    {
        "Cert_D legal" => $"{m.DestinationId} may not receive records at the moment: the TTPH has withdrawn its permission to take part in record moves.",
        "Cert_S legal" => $"{m.SourceId} may not send records at the moment: the TTPH has withdrawn its permission to take part in record moves.",
        null => "The move could not go on.",
        _ => "A security check on the way did not pass, so the move was stopped. The protocol view below shows which one.",
    };

    private static string ForAdministrators(MigrationSummary m) => m.Status switch
    {
        MigrationStatus.Running when m.FailedCheck is not null && m.Outcome is { } outcome => outcome,
        MigrationStatus.Running => $"Waiting for {m.NextStep}: {MigrationText.Step(m.NextStep == "Done" ? "M9" : m.NextStep, MigrationAudience.HospitalAdmin).ToLowerInvariant()}.",
        MigrationStatus.Completed when RolledForward(m) =>
            $"Completed after a restart: {m.DestinationId} serves the record and {m.SourceId} keeps an archived copy. {m.SourceId} verified the " +
            "destination's signed receipt (M7); the patient's device did not receive it (M9 did not run).",
        MigrationStatus.Completed => $"{m.DestinationId} serves the record and {m.SourceId} keeps an archived copy; the patient's device verified the receipt (M9).",
        MigrationStatus.Failed when ReceiptRefused(m) =>
            $"{m.DestinationId} serves the record, but the patient's device refused the receipt (M9) at \u201c{m.FailedCheck}\u201d.",
        MigrationStatus.Failed => m.Outcome ?? $"Refused at {m.NextStep}. Nothing moved: {m.SourceId} still serves the record.",
        _ => $"The portal stopped before {m.NextStep} was delivered, before the commit point (M7). Nothing moved: {m.SourceId} still serves the record.",
    };

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
