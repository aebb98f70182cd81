using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>Accept goes straight through; decline asks for a reason in a dialog first.</summary>
public sealed class RequestDecisionTests : InteractiveMudTest
{
    private readonly List<string> _declined = [];
    private readonly List<ActionFeedback> _decided = [];
    private int _accepted;

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<RequestDecision> Decision) Render()
    {
        var dialogs = Render<MudDialogProvider>();
        var decision = Render<RequestDecision>(p => p
            .Add(d => d.VisitId, Guid.NewGuid())
            .Add(d => d.Accept, () =>
            {
                _accepted++;
                return Task.FromResult(new ActionFeedback(true, "Visit accepted."));
            })
            .Add(d => d.Decline, reason =>
            {
                _declined.Add(reason);
                return Task.FromResult(new ActionFeedback(true, "Visit declined."));
            })
            .Add(d => d.OnDecided, EventCallback.Factory.Create<ActionFeedback>(this, _decided.Add)));
        return (dialogs, decision);
    }

    [Fact]
    public void Accept_decides_at_once_without_a_dialog()
    {
        var (dialogs, decision) = Render();

        decision.Find("[data-testid='accept-visit']").Click();

        decision.WaitForAssertion(() => Assert.Equal(1, _accepted));
        Assert.Equal("Visit accepted.", Assert.Single(_decided).Message);
        Assert.Empty(dialogs.FindAll("[data-testid='reason-input']"));
    }

    [Fact]
    public void Declining_opens_a_dialog_and_cancelling_it_sends_nothing()
    {
        var (dialogs, decision) = Render();

        decision.Find("[data-testid='decline-visit']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Decline this visit?", dialogs.Markup));

        dialogs.Find("[data-testid='reason-cancel']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='reason-input']")));
        Assert.Empty(_declined);
        Assert.Empty(_decided);
    }

    [Fact]
    public void An_empty_reason_is_refused_and_the_dialog_stays_open()
    {
        var (dialogs, decision) = Render();
        decision.Find("[data-testid='decline-visit']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='reason-confirm']"));

        dialogs.Find("[data-testid='reason-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.StartsWith("Tell the patient why you decline.", HelperOf(dialogs, "reason-input")));
        Assert.Empty(_declined);
    }

    [Fact]
    public void Confirming_with_a_reason_declines_with_that_reason()
    {
        var (dialogs, decision) = Render();
        decision.Find("[data-testid='decline-visit']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='reason-input']"));

        InputOf(dialogs, "reason-input").Input("  Please see the neurology clinic. ");
        dialogs.Find("[data-testid='reason-confirm']").Click();

        decision.WaitForAssertion(() => Assert.Equal(["Please see the neurology clinic."], _declined));
        Assert.Equal("Visit declined.", Assert.Single(_decided).Message);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='reason-input']")));
    }
}
