using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static EmrAuth.Tests.Web.Features.Migrations.MigrationSamples;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>One migration's title, steps, latest line and stop box, for each audience.</summary>
public class MigrationProgressTests : MudComponentTest
{
    private IRenderedComponent<MigrationProgress> RenderFor(MigrationSummary migration, MigrationAudience audience) =>
        Render<MigrationProgress>(p => p.Add(c => c.Migration, migration).Add(c => c.Audience, audience));

    private static string State(IRenderedComponent<MigrationProgress> cut, string hop) =>
        cut.Find($"[data-testid=migration-steps] li[data-hop={hop}]").GetAttribute("data-state")!;

    [Fact]
    public void A_rolled_forward_migration_ticks_M8_and_the_index_but_not_M9()
    {
        var cut = RenderFor(RolledForward(), MigrationAudience.Patient);

        Assert.Equal("done", State(cut, "M8"));
        Assert.Equal("done", State(cut, "Index"));
        Assert.Equal("skipped", State(cut, "M9"));
        Assert.Equal("false", cut.Find("li[data-hop=M9]").GetAttribute("data-done"));
        Assert.Contains("did not happen", cut.Find("li[data-hop=M9]").TextContent);
        var latest = cut.Find("[data-testid=migration-latest]").TextContent;
        Assert.Contains("never reached your device", latest);
        Assert.DoesNotContain("your device checked", latest);
    }

    [Fact]
    public void An_honest_completed_migration_ticks_every_step()
    {
        var cut = RenderFor(Summary(MigrationStatus.Completed, "Done"), MigrationAudience.Patient);

        Assert.All(cut.FindAll("[data-testid=migration-steps] li"), li => Assert.Equal("done", li.GetAttribute("data-state")));
    }

    [Theory]
    [InlineData(MigrationStatus.Failed, "M5")]
    [InlineData(MigrationStatus.Interrupted, "M5")]
    public void A_stopped_migration_marks_its_step_in_the_error_colour_says_it_once_and_links_to_a_new_migration(MigrationStatus status, string hop)
    {
        var cut = RenderFor(Summary(status, hop, status == MigrationStatus.Failed ? "Sig_M5 valid" : null), MigrationAudience.Patient);

        Assert.Equal("stopped", State(cut, hop));
        Assert.Contains("stopped", cut.Find($"li[data-hop={hop}]").ClassList);
        Assert.Empty(cut.FindAll("li.current"));
        Assert.Equal("done", State(cut, "M4"));
        Assert.Equal("pending", State(cut, "M6"));
        Assert.DoesNotContain("Moving", cut.Find("[data-testid=migration-title]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=migration-latest]"));
        Assert.Equal("/patient/migrations", cut.Find("[data-testid=start-new-migration]").GetAttribute("href"));
        Assert.Contains("still at north-general", cut.Find("[data-testid=migration-failure]").TextContent);
    }

    [Fact]
    public void A_running_migration_highlights_the_next_step_as_in_progress()
    {
        var cut = RenderFor(Summary(MigrationStatus.Running, "M6"), MigrationAudience.HospitalAdmin);

        Assert.Equal("current", State(cut, "M6"));
        Assert.StartsWith("Moving", cut.Find("[data-testid=migration-title]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=migration-failure]"));
    }

    [Fact]
    public void Each_role_reads_the_same_migration_in_its_own_words()
    {
        var migration = Summary(MigrationStatus.Completed, "Done");

        var patient = RenderFor(migration, MigrationAudience.Patient);
        var admin = RenderFor(migration, MigrationAudience.HospitalAdmin);
        var ttph = RenderFor(migration, MigrationAudience.Ttph);

        Assert.Equal("Your cardiology record moved to south-university", patient.Find("[data-testid=migration-title]").TextContent.Trim());
        Assert.Contains("Your device asks", patient.Find("li[data-hop=M1]").TextContent);
        foreach (var cut in new[] { admin, ttph })
        {
            Assert.Equal("The cardiology record of alice moved to south-university", cut.Find("[data-testid=migration-title]").TextContent.Trim());
            Assert.DoesNotContain("your", cut.Find("[data-testid=migration-progress]").TextContent, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("the patient's device verified the receipt", cut.Find("[data-testid=migration-latest]").TextContent);
        }
        Assert.Contains("The TTPH issues the proof", admin.Find("li[data-hop=M4]").TextContent);
        Assert.Contains("We issue the proof", ttph.Find("li[data-hop=M4]").TextContent);
    }

    [Fact]
    public void The_patient_never_reads_the_revocation_reason_nor_certificate_jargon()
    {
        var migration = RefusedForRevocation();

        var patient = RenderFor(migration, MigrationAudience.Patient);
        var admin = RenderFor(migration, MigrationAudience.HospitalAdmin);

        var text = patient.Find("[data-testid=migration-progress]").TextContent;
        Assert.DoesNotContain("private key exposed", text);
        Assert.DoesNotContain("Cert_", text);
        Assert.Contains("south-university may not receive records at the moment", text);
        Assert.Contains("Nothing moved: your record is still at north-general", text);
        // The administrators keep the protocol's account.
        Assert.Contains("Cert_D legal", admin.Find("[data-testid=migration-failure]").TextContent);
    }

    [Fact]
    public void The_patients_list_of_migrations_tells_the_outcome_in_the_patients_words()
    {
        Services.AddSingleton(TimeProvider.System);
        IReadOnlyList<MigrationSummary> migrations = [RefusedForRevocation(), RolledForward()];

        var cut = Render<MigrationGrid>(p => p.Add(c => c.Migrations, migrations).Add(c => c.Audience, MigrationAudience.Patient).Add(c => c.TestId, "list"));

        Assert.Equal(2, cut.FindAll("[data-testid=migration-row]").Count);
        Assert.DoesNotContain("private key exposed", cut.Markup);
        Assert.DoesNotContain("Cert_", cut.Markup);
        Assert.Contains("may not receive records", cut.Markup);
    }
}
