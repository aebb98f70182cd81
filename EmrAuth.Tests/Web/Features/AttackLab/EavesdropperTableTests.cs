using Bunit;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Tests.Web.Features.AttackLab;

/// <summary>The attack lab's side-by-side view of what a network observer saw, rendered from a real sandbox report.</summary>
public sealed class EavesdropperTableTests : MudComponentTest
{
    [Fact]
    public void Every_observed_part_is_a_row_and_exactly_the_linking_ones_are_marked()
    {
        var report = AttackCatalog.Run("eavesdropper", LabTarget.Default, ProtocolProfile.Paper, ManualClock.StartingNow().GetUtcNow()).Eavesdropper!;

        var cut = Render<EavesdropperTable>(p => p.Add(t => t.Report, report));

        var rows = cut.FindAll("[data-testid='observed-part']");
        Assert.Equal(report.Parts.Select(p => p.Linkage.ToString()), rows.Select(r => r.GetAttribute("data-linkage")));
        Assert.Equal(report.Linking.Count(), rows.Count(r => r.ClassList.Contains("linking")));
        var text = cut.Find("[data-testid='eavesdropper']").TextContent;
        Assert.Contains($"{report.Linking.Count()} of {report.Parts.Count} parts link; 0 show the identity", text);
        // C_P1: 188 bytes before Scope_P || Sig_PS joined it (issue 11), which adds 153 and, for a longer ID_P, as much again.
        Assert.Contains("341 / 341 / 349", text);
    }
}
