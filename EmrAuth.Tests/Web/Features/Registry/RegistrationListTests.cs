using Bunit;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Registry;

/// <summary>The registration requests: approve calls back at once; refuse only after the reason dialog is confirmed.</summary>
public sealed class RegistrationListTests : MudComponentTest
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private readonly List<PartyRegistration> _approved = [];
    private readonly List<RegistrationList.Refusal> _refused = [];
    private readonly IRenderedComponent<RegistrationList> _cut;

    private static readonly PartyRegistration Erin = new()
    {
        Id = 7, PartyId = "erin", Role = "Patient", DisplayName = "Erin Evans", Status = RegistrationStatus.Pending,
    };

    private static readonly PartyRegistration Alice = new()
    {
        Id = 1, PartyId = "alice", Role = "Patient", DisplayName = "Alice", Status = RegistrationStatus.Approved, DecisionNote = "seeded",
        Issuance = EmrAuth.Domain.Registry.KeyIssuance.EscrowFree,
    };

    /// <summary>Registered before the portal issued keys without escrow, and not renewed.</summary>
    private static readonly PartyRegistration Bob = new()
    {
        Id = 2, PartyId = "bob", Role = "Patient", DisplayName = "Bob", Status = RegistrationStatus.Approved, Issuance = EmrAuth.Domain.Registry.KeyIssuance.Escrowed,
    };

    public RegistrationListTests()
    {
        _dialogs = Render<MudDialogProvider>();
        _cut = Render<RegistrationList>(p => p
            .Add(l => l.Registrations, [Alice, Bob, Erin])
            .Add(l => l.OnApprove, (PartyRegistration r) => _approved.Add(r))
            .Add(l => l.OnRefuse, (RegistrationList.Refusal r) => _refused.Add(r)));
    }

    [Fact]
    public void Only_a_pending_request_offers_approve_and_refuse_and_approve_calls_back_at_once()
    {
        Assert.Empty(_cut.FindAll($"[data-testid='approve-{Alice.Id}']"));

        _cut.Find($"[data-testid='approve-{Erin.Id}']").Click();

        Assert.Same(Erin, Assert.Single(_approved));
        Assert.Empty(_dialogs.FindAll("[data-testid='reason-dialog']"));
    }

    [Fact]
    public void Approved_parties_show_how_their_keys_were_issued_and_the_switch_keeps_only_the_escrowed()
    {
        Assert.Equal([("alice", "escrow-free"), ("bob", "escrowed")],
            _cut.FindAll("[data-testid='registration-issuance']").Select(c => (Party(c), c.TextContent.Trim())).ToList());

        // MudSwitch puts its attributes on the input itself.
        _cut.Find("input[data-testid='only-escrowed'], [data-testid='only-escrowed'] input").Change(true);

        _cut.WaitForAssertion(() => Assert.Equal(["bob"], _cut.FindAll("[data-testid='registration-row']").Select(r => r.GetAttribute("data-party")).ToList()));
    }

    /// <summary>The party of the row a cell is in (the first cell carries the row's marker).</summary>
    private static string? Party(AngleSharp.Dom.IElement cell) => cell.Closest("tr")?.QuerySelector("[data-testid='registration-row']")?.GetAttribute("data-party");

    [Fact]
    public void Refuse_asks_for_a_reason_and_calls_back_only_once_it_is_confirmed()
    {
        _cut.Find($"[data-testid='refuse-{Erin.Id}']").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Refuse patient erin", _dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(_refused);

        _dialogs.Find("[data-testid='reason-confirm']").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("A reason is required.", _dialogs.Markup));
        Assert.Empty(_refused);

        _dialogs.Find("textarea").Input("identity not verified");
        _dialogs.Find("[data-testid='reason-confirm']").Click();

        _cut.WaitForAssertion(() => Assert.Equal(new RegistrationList.Refusal(Erin, "identity not verified"), Assert.Single(_refused)));
    }

    [Fact]
    public void Cancelling_the_refusal_calls_nothing_back()
    {
        _cut.Find($"[data-testid='refuse-{Erin.Id}']").Click();
        _dialogs.WaitForAssertion(() => _dialogs.Find("[data-testid='reason-cancel']").Click());

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid='reason-dialog']")));
        Assert.Empty(_refused);
        Assert.Empty(_approved);
    }

    [Fact]
    public void Each_row_carries_its_party_and_status_and_a_decided_row_shows_the_note()
    {
        var markers = _cut.FindAll("[data-testid='registration-row']");

        Assert.Equal(["alice:Approved", "bob:Approved", "erin:Pending"], markers.Select(m => $"{m.GetAttribute("data-party")}:{m.GetAttribute("data-status")}"));
        Assert.Contains("seeded", _cut.Find(".decision-note").TextContent);
    }
}
