using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The visit page's profile badge: which profile a visit runs and, for the hardened one, its key-confirmation checks.</summary>
public sealed class VisitProfileBadgeTests
{
    [Fact]
    public async Task A_paper_visit_shows_the_paper_badge_and_no_key_confirmation()
    {
        var html = await ComponentHtml.RenderAsync<VisitProfileBadge>(new() { ["Profile"] = ProtocolProfile.Paper, ["ShowChecks"] = true });

        Assert.Equal("Paper", ComponentHtml.Attribute(Assert.Single(ComponentHtml.StartTags(html, "visit-profile")), "data-profile"));
        Assert.Equal("Paper profile", ComponentHtml.Text(ComponentHtml.Element(html, "profile-badge")));
        Assert.Empty(ComponentHtml.StartTags(html, "profile-checks"));
    }

    [Fact]
    public async Task A_hardened_visit_shows_its_badge_and_names_both_key_confirmation_checks()
    {
        var html = await ComponentHtml.RenderAsync<VisitProfileBadge>(new() { ["Profile"] = ProtocolProfile.Hardened, ["ShowChecks"] = true });

        Assert.Equal("Hardened", ComponentHtml.Attribute(Assert.Single(ComponentHtml.StartTags(html, "visit-profile")), "data-profile"));
        Assert.Equal("Hardened profile", ComponentHtml.Text(ComponentHtml.Element(html, "profile-badge")));
        var checks = ComponentHtml.Text(ComponentHtml.Element(html, "profile-checks"));
        Assert.All(KeyConfirmationCheck.All, name => Assert.Contains(name, checks, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hardened_visit_with_escrowed_parties_names_them()
    {
        var html = await ComponentHtml.RenderAsync<VisitProfileBadge>(new()
        {
            ["Profile"] = ProtocolProfile.Hardened,
            ["ShowChecks"] = true,
            ["EscrowedParties"] = new[] { "alice", "dr-chen" },
        });

        Assert.Contains("Keys issued with escrow: alice, dr-chen.", ComponentHtml.Text(ComponentHtml.Element(html, "profile-escrowed")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_compact_list_the_hardened_badge_leaves_the_checks_out()
    {
        var html = await ComponentHtml.RenderAsync<VisitProfileBadge>(new() { ["Profile"] = ProtocolProfile.Hardened });

        Assert.Equal("Hardened profile", ComponentHtml.Text(ComponentHtml.Element(html, "profile-badge")));
        Assert.Empty(ComponentHtml.StartTags(html, "profile-checks"));
        Assert.Empty(ComponentHtml.StartTags(html, "profile-escrowed"));
    }
}
