namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>Migrations as the pages receive them: alice's cardiology record from north-general to south-university.</summary>
internal static class MigrationSamples
{
    public static readonly DateTimeOffset At = new(2026, 11, 21, 13, 0, 0, TimeSpan.Zero);

    public static MigrationSummary Summary(MigrationStatus status, string next, string? failedCheck = null, string? outcome = null,
        string source = "north-general", string destination = "south-university") => new(
        Guid.NewGuid(), "alice", source, destination, "cardiology", status, next, At, At, outcome, failedCheck, At, "00FF",
        status == MigrationStatus.Completed ? new string('A', 64) : null, status == MigrationStatus.Completed ? "TTPH-H000002" : null,
        status == MigrationStatus.Completed ? At : null);

    /// <summary>What the portal stores when the TTPH refused M1 because the destination's Cert_H was revoked.</summary>
    public static MigrationSummary RefusedForRevocation() => Summary(MigrationStatus.Failed, "M1", "Cert_D legal",
        "TTPH refused M1 at \u201cCert_D legal\u201d: Cert_H TTPH-H000002 was revoked at 2026-11-21 12:00:00Z: private key exposed on a laptop. " +
        "Nothing moved: the record is still served by north-general.");

    /// <summary>Completed by the start-up recovery: M8 and the index were redone, M9 never ran.</summary>
    public static MigrationSummary RolledForward() => Summary(MigrationStatus.Completed, "M9",
        outcome: "Completed after a restart: your cardiology record now lives at south-university.");
}
