using Bunit;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Consent;

/// <summary>The consent components: the grant form's validation, the grant list (status, uses, confirmed revoke), the search form and result.</summary>
public sealed class ConsentComponentTests : MudComponentTest
{
    private static readonly DoctorOption[] Doctors = [new("dr-chen", "Dr. Mei Chen — cardiology")];
    private static readonly DepartmentOption[] Departments = [new("cardiology", "Cardiology (cardiology)"), new("neurology", "Neurology (neurology)")];
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static GrantView Grant(GrantStatus status, params GrantUseView[] uses) =>
        new("g1", "alice", GranteeKind.Doctor, "dr-chen", PurposeOfUse.Treatment, ["cardiology"], false, Now, Now.AddDays(7), Now, status == GrantStatus.Revoked ? Now : null,
            status, uses);

    [Fact]
    public async Task The_grant_form_raises_nothing_without_a_grantee_categories_or_expiry_and_raises_the_full_choice_once_valid()
    {
        var granted = new List<GrantForm>();
        var cut = Render<GrantEditor>(p => p.Add(c => c.Doctors, Doctors).Add(c => c.Departments, Departments).Add(c => c.Today, Now.UtcDateTime.Date)
            .Add(c => c.OnGrant, f => granted.Add(f)));

        cut.Find("[data-testid='grant-submit']").Click();

        cut.WaitForAssertion(() => Assert.Equal(ConsentService.NoGrantee, cut.ErrorUnder("grantee-select")));
        Assert.Equal(ConsentService.NoCategories, cut.Find("[data-testid='grant-categories-error']").TextContent);
        Assert.Empty(granted);

        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.SelectOption("dr-chen"));
        cut.Find("input[data-testid='grant-department-neurology'], [data-testid='grant-department-neurology'] input").Change(true);
        await cut.InvokeAsync(() => cut.FindComponents<MudDatePicker>()[1].Instance.DateChanged.InvokeAsync(Now.UtcDateTime.Date.AddDays(30)));
        cut.Find("[data-testid='grant-submit']").Click();

        cut.WaitForAssertion(() => Assert.Single(granted));
        Assert.Equal((GranteeKind.Doctor, "dr-chen", PurposeOfUse.Treatment, false), (granted[0].GranteeKind, granted[0].GranteeId, granted[0].Purpose, granted[0].AllDepartments));
        Assert.Equal(["neurology"], granted[0].Departments);
        Assert.Equal(Now.UtcDateTime.Date.AddDays(30), granted[0].Expires);
    }

    [Fact]
    public void The_grant_list_shows_status_and_every_use_and_revokes_only_after_confirmation()
    {
        var dialogs = Render<MudDialogProvider>();
        var revoked = new List<GrantView>();
        var cut = Render<GrantList>(p => p.Add(c => c.CanRevoke, true).Add(c => c.OnRevoke, g => revoked.Add(g)).Add(c => c.Grants,
        [
            Grant(GrantStatus.Active, new GrantUseView("dr-chen", Now, "cardiology", "Treatment", "north-general", true, "released by north-general", null),
                new GrantUseView("dr-chen", Now, "neurology", "Treatment", null, false, "refused at Consent grant covers the department: …", GrantChecks.Category)),
        ]));

        Assert.Equal("Active", cut.Find("[data-testid='grant-status']").TextContent.Trim());
        Assert.Equal(["true", "false"], cut.FindAll("[data-testid='grant-use']").Select(r => r.GetAttribute("data-succeeded")));
        Assert.Contains("Consent grant covers the department", cut.FindAll("[data-testid='grant-use']")[1].TextContent);

        cut.Find("[data-testid='grant-revoke']").Click();
        Assert.Empty(revoked);
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        cut.WaitForAssertion(() => Assert.Equal("g1", Assert.Single(revoked).GrantId));
    }

    [Fact]
    public void A_revoked_or_expired_grant_cannot_be_revoked_again()
    {
        var cut = Render<GrantList>(p => p.Add(c => c.CanRevoke, true).Add(c => c.Grants, [Grant(GrantStatus.Revoked), Grant(GrantStatus.Expired) with { GrantId = "g2" }]));

        Assert.Empty(cut.FindAll("[data-testid='grant-revoke']"));
        Assert.Equal(2, cut.FindAll("[data-testid='grant-no-uses']").Count);
    }

    [Fact]
    public async Task The_search_form_offers_the_grants_departments_and_raises_the_choice()
    {
        var chosen = new List<GrantSearchForm.Choice>();
        var cut = Render<GrantSearchForm>(p => p.Add(c => c.Grants, [Grant(GrantStatus.Active)]).Add(c => c.AllDepartments, ["cardiology", "neurology"])
            .Add(c => c.OnSearch, c => chosen.Add(c)));

        cut.Find("[data-testid='grant-search-run']").Click();
        cut.WaitForAssertion(() => Assert.Equal(GrantSearchForm.NoGrant, cut.ErrorUnder("grant-select")));

        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>()[0].Instance.SelectOption("g1"));
        cut.Find("[data-testid='grant-search-run']").Click();

        cut.WaitForAssertion(() => Assert.Equal(new GrantSearchForm.Choice("g1", "cardiology", PurposeOfUse.Treatment), Assert.Single(chosen)));
    }

    [Fact]
    public void A_refused_search_names_the_check_and_its_reason_and_shows_no_record()
    {
        var check = new VerificationView(3, "Consent", 1, Now, new PartyView("PublicCloud", "PC"), null, GrantChecks.NotRevoked, false, "the patient revoked this grant");
        var cut = Render<GrantSearchResult>(p => p.Add(c => c.Outcome,
            new GrantSearchOutcome(false, "refused", GrantChecks.NotRevoked, "the patient revoked this grant", null, null, [check])));

        Assert.Equal(GrantChecks.NotRevoked, cut.Find("[data-testid='grant-failed-check']").TextContent);
        Assert.Equal("the patient revoked this grant", cut.Find("[data-testid='grant-failed-reason']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='grant-record']"));
        Assert.Equal("false", cut.Find("[data-testid='grant-search-result']").GetAttribute("data-succeeded"));
    }

    [Fact]
    public void A_released_record_is_shown_decrypted()
    {
        var cut = Render<GrantSearchResult>(p => p.Add(c => c.Outcome,
            new GrantSearchOutcome(true, "The cardiology record arrived from north-general.", null, null, "2024-03: stent placed", "north-general", [])));

        Assert.Equal("2024-03: stent placed", cut.Find("[data-testid='grant-record']").TextContent);
    }
}
