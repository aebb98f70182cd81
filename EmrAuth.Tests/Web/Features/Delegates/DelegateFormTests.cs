using Bunit;
using EmrAuth.Domain.Messages;

namespace EmrAuth.Tests.Web.Features.Delegates;

/// <summary>The patient's "Name a delegate" form: an account and a permission are required; a refusal shows under its field.</summary>
public sealed class DelegateFormTests : MudComponentTest
{
    private readonly List<NewDelegate> _sent = [];

    private IRenderedComponent<DelegateForm> RenderForm(Func<NewDelegate, Task>? onCreate = null) => Render<DelegateForm>(p => p
        .Add(c => c.OnCreate, onCreate ?? (d => { _sent.Add(d); return Task.CompletedTask; })));

    private static void Tick(IRenderedComponent<DelegateForm> cut, DelegatePermissions permission) =>
        cut.Find($"[data-testid='delegate-{permission}'] input, input[data-testid='delegate-{permission}']").Change(true);

    [Fact]
    public void Without_a_permission_nothing_is_sent_and_the_form_says_why()
    {
        var cut = RenderForm();
        cut.Find("[data-testid='delegate-account'] input, input[data-testid='delegate-account']").Input("bob");

        cut.Find("[data-testid='delegate-save']").Click();

        cut.WaitForAssertion(() => Assert.Equal(DelegateForm.NoPermission, cut.Find("[data-testid='delegate-permissions-error']").TextContent));
        Assert.Empty(_sent);
    }

    [Fact]
    public void The_chosen_account_role_permissions_and_days_are_sent()
    {
        var cut = RenderForm();
        cut.Find("[data-testid='delegate-account'] input, input[data-testid='delegate-account']").Input(" bob ");
        Tick(cut, DelegatePermissions.StartVisits);
        Tick(cut, DelegatePermissions.ReadDiagnoses);

        cut.Find("[data-testid='delegate-save']").Click();

        cut.WaitForAssertion(() => Assert.Equal([new NewDelegate("bob", DelegateRole.Guardian, DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses, 30)], _sent));
    }

    [Fact]
    public void A_refused_account_shows_the_services_message_under_the_account_field()
    {
        var cut = RenderForm(_ => throw new PortalValidationException("delegate", "Name another patient account of this portal."));
        cut.Find("[data-testid='delegate-account'] input, input[data-testid='delegate-account']").Input("dr.chen");
        Tick(cut, DelegatePermissions.StartVisits);

        cut.Find("[data-testid='delegate-save']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Name another patient account of this portal.",
            cut.Find("[data-testid='delegate-account']").Closest(".mud-input-control")!.TextContent));
    }
}
