using Bunit;
using MudBlazor;

namespace EmrAuth.Tests.Web.Components.Shared;

/// <summary>The figure cards and the live badge the administrators' pages share.</summary>
public sealed class StatTests : MudComponentTest
{
    [Fact]
    public void A_stat_shows_its_value_and_label_and_marks_a_non_zero_danger_value()
    {
        var cut = Render<Stat>(p => p.Add(s => s.Label, "Revoked").Add(s => s.Value, 2).Add(s => s.Danger, true).Add(s => s.TestId, "revoked-count"));

        Assert.Equal("2", cut.Find("[data-testid='revoked-count']").TextContent);
        Assert.Equal("Revoked", cut.Find(".stat-label").TextContent);
        Assert.Contains("stat-danger", cut.Find(".stat").ClassList);

        cut.Render(p => p.Add(s => s.Value, 0));
        Assert.DoesNotContain("stat-danger", cut.Find(".stat").ClassList);
    }

    [Fact]
    public void A_stat_draws_the_icon_it_is_given_and_the_info_icon_by_default()
    {
        var given = Render<Stat>(p => p.Add(s => s.Label, "Waiting").Add(s => s.Icon, Icons.Material.Filled.PendingActions));
        var plain = Render<Stat>(p => p.Add(s => s.Label, "Waiting"));

        Assert.NotEqual(plain.Find(".stat-icon svg").InnerHtml, given.Find(".stat-icon svg").InnerHtml);
        Assert.Equal(Render<MudIcon>(p => p.Add(i => i.Icon, Icons.Material.Filled.Info)).Find("svg").InnerHtml, plain.Find(".stat-icon svg").InnerHtml);
    }

    [Fact]
    public void The_live_badge_shows_only_on_an_interactive_page()
    {
        var cut = Render<LiveBadge>(p => p.Add(b => b.Interactive, false));
        Assert.Empty(cut.FindAll("[data-testid='live-badge']"));

        cut.Render(p => p.Add(b => b.Interactive, true));
        Assert.Contains("live", cut.Find("[data-testid='live-badge']").TextContent);
    }
}
