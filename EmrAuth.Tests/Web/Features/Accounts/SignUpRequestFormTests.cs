using Bunit;

namespace EmrAuth.Tests.Web.Features.Accounts;

public sealed class SignUpRequestFormTests : MudComponentTest
{
    private readonly List<SignUpForm> _submitted = [];

    private IRenderedComponent<SignUpRequestForm> RenderForm(SignUpForm? form = null, IReadOnlyDictionary<string, string>? errors = null) =>
        Render<SignUpRequestForm>(p => p
            .Add(c => c.Form, form ?? new SignUpForm())
            .Add(c => c.Errors, errors ?? new Dictionary<string, string>())
            .Add(c => c.OnSubmit, f => _submitted.Add(f)));

    private static void Fill(IRenderedComponent<SignUpRequestForm> cut, string testId, string value) =>
        cut.Find($"[data-testid='{testId}']").Change(value);

    private static void FillPatient(IRenderedComponent<SignUpRequestForm> cut, string password = "erin-password-2026", string confirm = "erin-password-2026",
        string identity = "erin")
    {
        Fill(cut, "signup-username", "erin");
        Fill(cut, "signup-displayname", "Erin Walsh");
        Fill(cut, "signup-password", password);
        Fill(cut, "signup-confirm", confirm);
        Fill(cut, "signup-identity", identity);
        Fill(cut, "signup-biometric", "erin-left-index-finger-template");
    }

    private void Submit(IRenderedComponent<SignUpRequestForm> cut) => cut.Find("[data-testid='signup-submit']").Click();

    [Fact]
    public void An_empty_form_is_not_sent_and_every_required_field_says_what_it_needs()
    {
        var cut = RenderForm();

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Equal("Choose a user name.", cut.ErrorUnder("signup-username")));
        Assert.Equal("Enter your name.", cut.ErrorUnder("signup-displayname"));
        Assert.Equal("Choose a password.", cut.ErrorUnder("signup-password"));
        Assert.Equal("Choose your identity.", cut.ErrorUnder("signup-identity"));
        Assert.Equal("Enter your biometric secret.", cut.ErrorUnder("signup-biometric"));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void An_identity_outside_the_protocol_rule_is_refused_under_the_identity_field()
    {
        var cut = RenderForm();
        FillPatient(cut, identity: "Erin Walsh!");

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Equal(
            "Use 3 to 32 lower-case letters, digits or hyphens, starting with a letter or digit.", cut.ErrorUnder("signup-identity")));
        Assert.Null(cut.ErrorUnder("signup-username"));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void A_short_password_and_a_differing_confirmation_are_refused_under_their_fields()
    {
        var cut = RenderForm();
        FillPatient(cut, password: "short", confirm: "shorter");

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Equal($"A password has at least {AccountService.MinPasswordLength} characters.", cut.ErrorUnder("signup-password")));
        Assert.Equal("The two passwords differ.", cut.ErrorUnder("signup-confirm"));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void A_valid_patient_form_is_raised_with_what_was_typed()
    {
        var cut = RenderForm();
        FillPatient(cut);

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Single(_submitted));
        var form = _submitted[0];
        Assert.Equal((Roles.Patient, "erin", "Erin Walsh", "erin", "erin-left-index-finger-template"),
            (form.Kind, form.UserName, form.DisplayName, form.PartyId, form.BiometricSecret));
    }

    [Fact]
    public void The_servers_refusal_shows_under_its_field_until_the_person_edits_the_form()
    {
        var cut = RenderForm(errors: new Dictionary<string, string> { ["partyId"] = "This identity is already taken." });
        Assert.Equal("This identity is already taken.", cut.ErrorUnder("signup-identity"));

        Fill(cut, "signup-identity", "erin-2");

        cut.WaitForAssertion(() => Assert.Null(cut.ErrorUnder("signup-identity")));
    }

    [Fact]
    public void A_hospital_listing_a_department_twice_is_refused_under_the_departments()
    {
        var cut = RenderForm(new SignUpForm { Kind = Roles.HospitalAdmin });
        Fill(cut, "signup-username", "admin.east");
        Fill(cut, "signup-displayname", "East Clinic");
        Fill(cut, "signup-password", "east-password-2026");
        Fill(cut, "signup-confirm", "east-password-2026");
        Fill(cut, "signup-identity", "hpc-east");
        Fill(cut, "signup-departments", "cardiology: Cardiology\ncardiology: Heart");

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Equal("The department “cardiology” is listed twice.", cut.ErrorUnder("signup-departments")));
        Assert.Empty(cut.FindAll("[data-testid='signup-biometric']"));
        Assert.Empty(_submitted);
    }
}
