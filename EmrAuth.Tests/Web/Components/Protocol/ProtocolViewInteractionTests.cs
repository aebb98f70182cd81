using Bunit;
using Microsoft.AspNetCore.Components;

namespace EmrAuth.Tests.Web.Components.Protocol;

/// <summary>Clicks on the diagram and on the screen-reader table select a message.</summary>
public class ProtocolViewInteractionTests : InteractiveMudTest
{
    [Fact]
    public void Clicking_an_arrow_selects_its_message_shows_its_details_and_raises_OnMessageSelected()
    {
        var visit = Transcripts.HonestVisit();
        var target = visit.Message("C_HPC2");
        var raised = new List<MessageView>();
        var cut = Render<ProtocolView>(p => p
            .Add(v => v.Events, visit.Events)
            .Add(v => v.OnMessageSelected, EventCallback.Factory.Create<MessageView>(this, raised.Add)));
        Assert.Empty(cut.FindComponents<MessageDetails>());

        cut.Find($"g[data-name='{target.Name}']").Click();

        Assert.Equal([target], raised);
        var details = cut.FindComponent<MessageDetails>().Instance;
        Assert.Same(target, details.Message);
        Assert.False(details.ShowPersonalData);
        Assert.NotEmpty(details.Checks!);
        Assert.All(details.Checks!, c => Assert.Equal(target.Receiver, c.Verifier));
        Assert.Equal("true", cut.Find($"g[data-name='{target.Name}']").GetAttribute("data-selected"));
        Assert.Equal("false", cut.Find($"g[data-name='{visit.Message("C_P1").Name}']").GetAttribute("data-selected"));
    }

    [Fact]
    public void The_screen_reader_tables_buttons_select_a_message_too()
    {
        var visit = Transcripts.HonestVisit();
        var target = visit.Message("C_D3");
        var cut = Render<ProtocolView>(p => p.Add(v => v.Events, visit.Events));

        cut.Find($"tr[data-name='{target.Name}'] button").Click();

        Assert.Same(target, cut.FindComponent<MessageDetails>().Instance.Message);
    }
}
