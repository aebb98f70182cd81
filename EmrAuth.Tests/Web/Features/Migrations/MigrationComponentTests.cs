using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.RecordMigration;
using EmrAuth.Tests.Support;
using static EmrAuth.Tests.Web.Support.ComponentHtml;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>The migration receipt (or failure) and a migration's transcript drawn with one lifeline per party.</summary>
public class MigrationComponentTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 13, 0, 0, TimeSpan.Zero);

    private static MigrationSummary Summary(MigrationStatus status, string next, string? failedCheck = null, string? outcome = null) => new(
        Guid.NewGuid(), "alice", "north-general", "south-university", "cardiology", status, next, At, At, outcome, failedCheck, At, "00FF",
        status == MigrationStatus.Completed ? new string('A', 64) : null, status == MigrationStatus.Completed ? "TTPH-H000002" : null,
        status == MigrationStatus.Completed ? At : null);

    private static Task<string> RenderReceipt(MigrationSummary migration) =>
        RenderAsync<MigrationReceipt>(new() { [nameof(MigrationReceipt.Migration)] = migration });

    [Fact]
    public async Task A_completed_migration_shows_who_signed_when_the_digest_and_the_destination()
    {
        var html = await RenderReceipt(Summary(MigrationStatus.Completed, "Done"));

        Assert.Equal("south-university", Text(Element(html, "receipt-destination")));
        Assert.Contains("TTPH-H000002", Text(Element(html, "receipt-signer")));
        Assert.Equal(new string('A', 64), Attribute(StartTags(html, "receipt-digest").Single(), "title"));
        Assert.Contains("north-general keeps an archived copy", Text(html));
        Assert.Empty(StartTags(html, "migration-failure"));
    }

    [Fact]
    public async Task A_refused_migration_names_the_check_and_shows_no_receipt()
    {
        var html = await RenderReceipt(Summary(MigrationStatus.Failed, "M1", "Cert_D legal", "TTPH refused M1. The record is still served by north-general."));

        Assert.Empty(StartTags(html, "migration-receipt"));
        var failure = Text(Element(html, "migration-failure"));
        Assert.Contains("Stopped at the check \u201cCert_D legal\u201d", failure);
        Assert.Contains("still served by north-general", failure);
    }

    [Fact]
    public async Task A_running_migration_shows_neither_receipt_nor_failure()
    {
        var html = await RenderReceipt(Summary(MigrationStatus.Running, "M5"));
        Assert.Equal("", html.Trim());
    }

    [Fact]
    public async Task With_lanes_per_party_hospital_to_hospital_messages_are_arrows_between_distinct_lifelines()
    {
        using var scene = new MigrationScene();
        scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        IReadOnlyList<EventView> events = [.. scene.Transcript.Events.Select(EventView.From)];

        var perParty = await RenderAsync<ProtocolView>(new() { [nameof(ProtocolView.Events)] = events, [nameof(ProtocolView.LanePerParty)] = true });
        var perRole = await RenderAsync<ProtocolView>(new() { [nameof(ProtocolView.Events)] = events });

        Assert.Contains("5 lanes", LaneCount(perParty));
        foreach (var id in new[] { "patient-alice", "TTPH", "HPC-North", "HPC-South", "PC" })
        {
            Assert.Contains($">{id}</text>", perParty);
        }
        // Per role, the TTPH and both hospitals share the "Hospital cloud" lifeline, so M2, M3, M6, M7 and M8 would be self-loops.
        Assert.Equal(0, SelfLoops(perParty));
        Assert.Equal(5, SelfLoops(perRole));
    }

    private static int SelfLoops(string html) => StartTags(html, "message-arrow").Count(a => Element(html, "message-arrow", long.Parse(Attribute(a, "data-sequence")!))
        .Contains("<path class=\"arrow-line\"", StringComparison.Ordinal));

    private static string LaneCount(string html) => $"{System.Text.RegularExpressions.Regex.Matches(html, "class=\"lifeline\"").Count} lanes";
}
