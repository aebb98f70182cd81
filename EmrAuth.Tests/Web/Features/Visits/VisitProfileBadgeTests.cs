using Bunit;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The visit page's profile badge: which profile a visit runs and, for the hardened one, its key-confirmation checks.</summary>
public sealed class VisitProfileBadgeTests : InteractiveMudTest
{
    private IRenderedComponent<VisitProfileBadge> Render(ProtocolProfile profile, bool showChecks = false, string[]? escrowed = null) =>
        Render<VisitProfileBadge>(p => p
            .Add(b => b.Profile, profile)
            .Add(b => b.ShowChecks, showChecks)
            .Add(b => b.EscrowedParties, escrowed ?? []));

    [Fact]
    public void A_paper_visit_shows_the_paper_badge_and_no_key_confirmation()
    {
        var cut = Render(ProtocolProfile.Paper, showChecks: true);

        Assert.Equal("Paper", cut.Find("[data-testid='visit-profile']").GetAttribute("data-profile"));
        Assert.Equal("Paper profile", cut.Find("[data-testid='profile-badge']").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='profile-checks']"));
    }

    [Fact]
    public void A_hardened_visit_shows_its_badge_and_names_both_key_confirmation_checks()
    {
        var cut = Render(ProtocolProfile.Hardened, showChecks: true);

        Assert.Equal("Hardened", cut.Find("[data-testid='visit-profile']").GetAttribute("data-profile"));
        Assert.Equal("Hardened profile", cut.Find("[data-testid='profile-badge']").TextContent.Trim());
        var checks = cut.Find("[data-testid='profile-checks']").TextContent;
        Assert.All(KeyConfirmationCheck.All, name => Assert.Contains(name, checks, StringComparison.Ordinal));
    }

    [Fact]
    public void A_hardened_visit_with_escrowed_parties_names_them()
    {
        var cut = Render(ProtocolProfile.Hardened, showChecks: true, escrowed: ["alice", "dr-chen"]);

        Assert.Contains("Keys issued with escrow: alice, dr-chen.", cut.Find("[data-testid='profile-escrowed']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_compact_list_the_hardened_badge_leaves_the_checks_out()
    {
        var cut = Render(ProtocolProfile.Hardened);

        Assert.Equal("Hardened profile", cut.Find("[data-testid='profile-badge']").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='profile-checks']"));
        Assert.Empty(cut.FindAll("[data-testid='profile-escrowed']"));
    }
}
