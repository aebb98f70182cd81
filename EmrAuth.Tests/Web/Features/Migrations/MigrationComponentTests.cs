using Bunit;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.RecordMigration;
using EmrAuth.Tests.Support;
using static EmrAuth.Tests.Web.Features.Migrations.MigrationSamples;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>The migration receipt (or failure) and a migration's transcript drawn with one lifeline per party.</summary>
public class MigrationComponentTests : MudComponentTest
{
    [Fact]
    public void A_completed_migration_shows_who_signed_when_the_digest_and_the_destination()
    {
        var cut = Render<MigrationReceipt>(p => p.Add(c => c.Migration, Summary(MigrationStatus.Completed, "Done")));

        Assert.Equal("south-university", cut.Find("[data-testid=receipt-destination]").TextContent.Trim());
        Assert.Contains("TTPH-H000002", cut.Find("[data-testid=receipt-signer]").TextContent);
        Assert.Equal(new string('A', 64), cut.Find("[data-testid=receipt-digest]").GetAttribute("title"));
        Assert.Contains("north-general keeps an archived copy", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=migration-failure]"));
    }

    [Fact]
    public void A_refused_migration_names_the_check_to_an_administrator_and_shows_no_receipt()
    {
        var cut = Render<MigrationReceipt>(p => p
            .Add(c => c.Migration, Summary(MigrationStatus.Failed, "M1", "Cert_D legal", "TTPH refused M1. The record is still served by north-general."))
            .Add(c => c.Audience, MigrationAudience.HospitalAdmin));

        Assert.Empty(cut.FindAll("[data-testid=migration-receipt]"));
        var failure = cut.Find("[data-testid=migration-failure]").TextContent;
        Assert.Contains("Stopped at the check \u201cCert_D legal\u201d", failure);
        Assert.Contains("still served by north-general", failure);
        Assert.Empty(cut.FindAll("[data-testid=start-new-migration]"));
    }

    [Fact]
    public void A_running_migration_shows_neither_receipt_nor_failure()
    {
        var cut = Render<MigrationReceipt>(p => p.Add(c => c.Migration, Summary(MigrationStatus.Running, "M5")));
        Assert.Equal("", cut.Markup.Trim());
    }

    [Fact]
    public void With_lanes_per_party_hospital_to_hospital_messages_are_arrows_between_distinct_lifelines()
    {
        using var scene = new MigrationScene();
        scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        IReadOnlyList<EventView> events = [.. scene.Transcript.Events.Select(EventView.From)];

        var perParty = Render<ProtocolView>(p => p.Add(c => c.Events, events).Add(c => c.LanePerParty, true));
        var perRole = Render<ProtocolView>(p => p.Add(c => c.Events, events));

        Assert.Equal(5, perParty.FindAll(".lifeline").Count);
        var labels = perParty.FindAll(".lifeline-name").Select(t => t.TextContent).ToList();
        Assert.All(new[] { "patient-alice", "TTPH", "HPC-North", "HPC-South", "PC" }, id => Assert.Contains(id, labels));
        // Per role, the TTPH and both hospitals share the "Hospital cloud" lifeline, so M2, M3, M6, M7 and M8 would be self-loops.
        Assert.Equal(0, SelfLoops(perParty));
        Assert.Equal(5, SelfLoops(perRole));
    }

    private static int SelfLoops(IRenderedComponent<ProtocolView> cut) =>
        cut.FindAll("[data-testid=message-arrow]").Count(arrow => arrow.QuerySelector("path.arrow-line") is not null);
}
