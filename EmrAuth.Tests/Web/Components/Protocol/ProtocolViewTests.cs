using Bunit;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class ProtocolViewTests : InteractiveMudTest
{
    private static readonly string[] HonestRoute =
    [
        "C_P1, Sig_P1, T_P1", "C_D1, Sig_D1, T_D1", "C_P2, T_P2", "C_D2, Sig_D2, T_D2", "C_C, Sig_C, T_C", "C_D3, Sig_D3, T_D3",
        "C_HPC1, Sig_HPC1, T_HPC1", "C_D4, T_D4", "C_HPC2, T_HPC2", "C_D5, T_D5", "ID_HPC, C_D6, T_D6", "ID_HPC, C_D6, T_D6",
    ];

    private IRenderedComponent<ProtocolView> Render(IReadOnlyList<EventView> events, bool showPersonalData = false, long? selected = null) =>
        Render<ProtocolView>(p => p
            .Add(v => v.Events, events)
            .Add(v => v.ShowPersonalData, showPersonalData)
            .Add(v => v.SelectedSequence, selected));

    private static string Text(IRenderedComponent<ProtocolView> cut) => cut.Find("[data-testid='protocol-view']").Text();

    [Fact]
    public void An_honest_visit_draws_one_green_arrow_per_message_in_transcript_order()
    {
        var visit = Transcripts.HonestVisit();

        var cut = Render(visit.Events);

        var arrows = cut.FindAll("[data-testid='message-arrow']");
        Assert.Equal(visit.Messages.Select(m => m.Name), arrows.Select(a => a.GetAttribute("data-name")));
        Assert.Equal(HonestRoute, arrows.Select(a => a.GetAttribute("data-name")));
        Assert.All(arrows, a => Assert.Equal("passed", a.GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-testid='message-details']"));
    }

    [Fact]
    public void Each_arrow_is_labelled_with_its_name_size_and_time_and_has_a_title()
    {
        var visit = Transcripts.HonestVisit();

        var cut = Render(visit.Events);

        var text = Text(cut);
        foreach (var m in visit.Messages)
        {
            var label = $"{m.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes · {m.At:HH:mm:ss.fff}";
            Assert.Contains(label, text);
            var arrow = cut.Find($"[data-testid='message-arrow'][data-sequence='{m.Sequence}']");
            Assert.NotNull(arrow.QuerySelector("title"));
            Assert.Contains(m.Name, arrow.Text());
            Assert.Contains(label, arrow.Text());
            Assert.Contains($"{ProtocolText.Party(m.Sender)} → {ProtocolText.Party(m.Receiver)}", arrow.Text());
        }
    }

    [Fact]
    public void The_diagram_has_the_four_lifelines_phase_labels_and_an_accessible_fallback()
    {
        var visit = Transcripts.HonestVisit();

        var cut = Render(visit.Events);

        var svg = cut.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.StartsWith("Protocol sequence diagram: 12 messages", svg.GetAttribute("aria-label"));
        Assert.Equal(["Patient", "Doctor", "Hospital cloud", "Public cloud"], cut.FindAll("text.lifeline-name").Select(t => t.TextContent));
        Assert.Equal(["Consultation", "EMR search", "Diagnosis", "Filing"], cut.FindAll("text.phase-label").Select(t => t.TextContent));
        // The screen-reader table lists every message too.
        Assert.Equal(HonestRoute, cut.FindAll("[data-testid='message-row']").Select(r => r.GetAttribute("data-name")));
        Assert.Contains("all 5 checks passed", Text(cut));
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void A_selected_message_shows_its_details_below_the_diagram()
    {
        var visit = Transcripts.HonestVisit();
        var c_p2 = visit.Message("C_P2");

        var cut = Render(visit.Events, selected: c_p2.Sequence);

        var arrow = cut.Find($"[data-testid='message-arrow'][data-name='{c_p2.Name}']");
        Assert.Equal("true", arrow.GetAttribute("data-selected"));
        Assert.Contains("selected", arrow.ClassList);
        var details = cut.Find("[data-testid='message-details']").Text();
        Assert.Contains("C_P2, T_P2", details);
        Assert.Contains("Patient patient-alice → Doctor dr-chen", details);
    }

    [Fact]
    public void Personal_values_appear_only_for_a_viewer_entitled_to_them_whichever_message_is_selected()
    {
        var visit = Transcripts.HonestVisit();
        string[] personal = [Transcripts.Readings, Transcripts.Diagnosis, Transcripts.RecordText];

        foreach (var m in visit.Messages)
        {
            var hidden = Text(Render(visit.Events, showPersonalData: false, selected: m.Sequence));
            Assert.All(personal, value => Assert.DoesNotContain(value, hidden));
        }

        Assert.Contains(Transcripts.Readings, Text(Render(visit.Events, showPersonalData: true, selected: visit.Message("C_P2").Sequence)));
        Assert.Contains(Transcripts.RecordText, Text(Render(visit.Events, showPersonalData: true, selected: visit.Message("C_HPC2").Sequence)));
        Assert.Contains(Transcripts.Diagnosis, Text(Render(visit.Events, showPersonalData: true, selected: visit.Message("C_D5").Sequence)));
    }

    [Fact]
    public void No_session_key_appears_in_the_markup()
    {
        var visit = Transcripts.HonestVisit();

        foreach (var m in visit.Messages)
        {
            var html = Render(visit.Events, showPersonalData: true, selected: m.Sequence).Markup;
            SecretsHidden(visit.Sek1, html);
            SecretsHidden(visit.Sek2, html);
        }
    }

    [Fact]
    public void A_revoked_certificate_turns_the_rejected_arrow_red()
    {
        var events = Transcripts.RevokedDoctor();

        var cut = Render(events);

        var arrows = cut.FindAll("[data-testid='message-arrow']");
        Assert.Equal(["C_P1, Sig_P1, T_P1", "C_D1, Sig_D1, T_D1"], arrows.Select(a => a.GetAttribute("data-name")));
        Assert.Equal(["passed", "failed"], arrows.Select(a => a.GetAttribute("data-status")));
        var red = cut.Find($"[data-testid='message-arrow'][data-sequence='{events.OfType<MessageView>().Last().Sequence}']");
        Assert.Equal("#c3362b", red.QuerySelector(".arrow-line")!.GetAttribute("stroke"));
        Assert.Contains("✗ check failed", red.Text());
        Assert.StartsWith("Protocol sequence diagram: 2 messages", cut.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void An_empty_transcript_renders_the_lifelines_and_says_so()
    {
        var cut = Render([]);

        Assert.Empty(cut.FindAll("[data-testid='message-arrow']"));
        Assert.Contains("No messages have been exchanged yet.", Text(cut));
        Assert.Contains("Public cloud", Text(cut));
    }

    /// <summary>Neither the key's hex (either case), nor its Base64, nor any 8-byte run of it in hex.</summary>
    internal static void SecretsHidden(byte[] secret, string html)
    {
        Assert.DoesNotContain(Convert.ToHexString(secret), html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(secret), html);
        for (var i = 0; i + 8 <= secret.Length; i++)
        {
            Assert.DoesNotContain(Convert.ToHexString(secret, i, 8), html, StringComparison.OrdinalIgnoreCase);
        }
    }
}
