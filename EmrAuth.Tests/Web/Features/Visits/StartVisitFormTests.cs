using Bunit;
using EmrAuth.Domain.Phases;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Visits;

public sealed class StartVisitFormTests : MudComponentTest
{
    private static readonly DoctorOption[] Doctors = [new("dr-chen", "Dr. Mei Chen — cardiology"), new("dr-huang", "Dr. Huang — neurology")];
    private static readonly DepartmentOption[] Departments = [new("cardiology", "Cardiology (cardiology)"), new("neurology", "Neurology (neurology)")];

    private readonly List<VisitChoice> _started = [];

    private IRenderedComponent<StartVisitForm> RenderForm(string? error = null, bool disabled = false) =>
        Render<StartVisitForm>(p => p
            .Add(c => c.Doctors, Doctors)
            .Add(c => c.Departments, Departments)
            .Add(c => c.Error, error)
            .Add(c => c.Disabled, disabled)
            .Add(c => c.OnStart, choice => _started.Add(choice)));

    [Fact]
    public void Without_a_doctor_it_refuses_to_start_and_says_so_under_the_doctor_field()
    {
        var cut = RenderForm();
        Assert.Null(cut.ErrorUnder("doctor-select"));

        cut.Find("[data-testid='start-visit']").Click();

        cut.WaitForAssertion(() => Assert.Equal(StartVisitForm.NoDoctor, cut.ErrorUnder("doctor-select")));
        Assert.Empty(_started);
    }

    [Fact]
    public async Task Without_a_department_it_refuses_to_start_and_says_so_under_the_scope()
    {
        var cut = RenderForm();
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.SelectOption("dr-huang"));
        Assert.Empty(cut.FindAll("[data-testid='scope-error']"));

        cut.Find("[data-testid='start-visit']").Click();

        cut.WaitForAssertion(() => Assert.Equal(VisitService.NoDepartment, cut.Find("[data-testid='scope-error']").TextContent));
        Assert.Empty(_started);
    }

    [Fact]
    public async Task A_chosen_doctor_profile_and_scope_are_raised_as_the_choice()
    {
        var cut = RenderForm();
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.SelectOption("dr-huang"));
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<ProtocolProfile>>().Single().Instance.SelectOption(ProtocolProfile.Hardened));
        cut.Find("[data-testid='scope-neurology'] input, input[data-testid='scope-neurology']").Change(true);

        cut.Find("[data-testid='start-visit']").Click();

        cut.WaitForAssertion(() => Assert.Single(_started));
        Assert.Equal(("dr-huang", ProtocolProfile.Hardened), (_started[0].DoctorId, _started[0].Profile));
        Assert.Equal(["neurology"], _started[0].Departments);
        Assert.False(_started[0].IncludeRestricted);
        Assert.Equal("Dr. Huang — neurology", cut.Find("[data-testid='doctor-select']").GetAttribute("value"));
    }

    [Fact]
    public async Task Restricted_entries_are_in_the_choice_only_when_the_patient_ticks_them()
    {
        var cut = RenderForm();
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.SelectOption("dr-huang"));
        cut.Find("[data-testid='scope-neurology'] input, input[data-testid='scope-neurology']").Change(true);
        cut.Find("[data-testid='scope-restricted'] input, input[data-testid='scope-restricted']").Change(true);

        cut.Find("[data-testid='start-visit']").Click();

        cut.WaitForAssertion(() => Assert.Single(_started));
        Assert.True(_started[0].IncludeRestricted);
    }

    [Fact]
    public void The_page_message_for_the_doctor_shows_under_the_doctor_field()
    {
        var cut = RenderForm(error: "This doctor's licence was revoked.");

        Assert.Equal("This doctor's licence was revoked.", cut.ErrorUnder("doctor-select"));
    }

    [Fact]
    public void A_patient_who_may_not_start_visits_cannot_press_start()
    {
        var cut = RenderForm(disabled: true);

        Assert.True(cut.Find("[data-testid='start-visit']").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid='doctor-select']").HasAttribute("disabled"));
    }
}
