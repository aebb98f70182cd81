using Bunit;
using MudBlazor;
using static EmrAuth.Tests.Web.Features.Migrations.MigrationSamples;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>The patient's "Move a record" form: what it offers, what it sends, and how it follows a record that moved.</summary>
public class MoveRecordFormTests : MudComponentTest
{
    private const string Cardiology = "south-university/cardiology";

    private static readonly IReadOnlyList<MovableRecord> CarolsRecord = [new("south-university", "cardiology", 1)];

    private static IReadOnlyList<MigrationDestination> Network(bool northRevoked = false, bool southRevoked = false) =>
    [
        new("north-general", "North General Hospital", ["cardiology"], northRevoked),
        new("south-university", "South University Hospital", ["cardiology"], southRevoked),
    ];

    private readonly List<MoveRequest> _sent = [];

    private IRenderedComponent<MoveRecordForm> RenderForm(IReadOnlyList<MigrationDestination> network, Func<MoveRequest, Task>? onMove = null) =>
        Render<MoveRecordForm>(p => p
            .Add(c => c.Records, CarolsRecord)
            .Add(c => c.Destinations, network)
            .Add(c => c.OnMove, onMove ?? (move => { _sent.Add(move); return Task.CompletedTask; })));

    private static Task ChooseAsync(IRenderedComponent<MoveRecordForm> cut, int select, string value) =>
        cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>()[select].Instance.ValueChanged.InvokeAsync(value));

    private static bool MoveDisabled(IRenderedComponent<MoveRecordForm> cut) => cut.Find("button[data-testid=start-migration]").HasAttribute("disabled");

    [Fact]
    public async Task Choosing_a_record_and_a_destination_sends_exactly_that_move()
    {
        var cut = RenderForm(Network());
        Assert.True(MoveDisabled(cut));

        await ChooseAsync(cut, 0, Cardiology);
        await ChooseAsync(cut, 1, "north-general");
        cut.Find("button[data-testid=start-migration]").Click();

        Assert.Equal([new MoveRequest("south-university", "cardiology", "north-general")], _sent);
    }

    [Fact]
    public async Task When_the_chosen_record_moves_meanwhile_the_form_clears_it_and_says_where_it_went()
    {
        var cut = RenderForm(Network());
        await ChooseAsync(cut, 0, Cardiology);
        await ChooseAsync(cut, 1, "north-general");
        Assert.False(MoveDisabled(cut));

        // The live update after another tab's migration: the record is now at north-general.
        IReadOnlyList<MigrationSummary> migrations = [Summary(MigrationStatus.Completed, "Done", source: "south-university", destination: "north-general")];
        cut.Render(p => p.Add(c => c.Records, [new MovableRecord("north-general", "cardiology", 1)]).Add(c => c.Migrations, migrations));

        Assert.True(MoveDisabled(cut));
        Assert.Contains("just moved from South University Hospital to North General Hospital", cut.Markup);
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_refusal_because_the_record_left_is_shown_on_the_record_field()
    {
        var cut = RenderForm(Network(), _ => throw new PortalValidationException("record", "Your cardiology record was just moved to North General Hospital."));
        await ChooseAsync(cut, 0, Cardiology);
        await ChooseAsync(cut, 1, "north-general");

        cut.Find("button[data-testid=start-migration]").Click();

        var field = cut.Find("[data-testid=migration-record]").Closest(".mud-input-control")!;
        Assert.Contains("just moved to North General Hospital", field.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=migration-error]"));
    }

    [Fact]
    public async Task Hospitals_that_may_not_take_part_are_flagged_in_the_patients_words_at_the_source_as_well()
    {
        var cut = RenderForm(Network(northRevoked: true, southRevoked: true));
        await ChooseAsync(cut, 0, Cardiology);
        await ChooseAsync(cut, 1, "north-general");

        Assert.Contains("South University Hospital may not send records at the moment", cut.Markup);
        Assert.Contains("North General Hospital may not receive records at the moment", cut.Markup);
        Assert.DoesNotContain("Cert_", cut.Markup);
    }
}
