using static EmrAuth.Tests.Web.Support.ComponentHtml;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class ProtocolViewTests
{
    private static readonly string[] HonestRoute =
    [
        "C_P1, Sig_P1, T_P1", "C_D1, Sig_D1, T_D1", "C_P2, T_P2", "C_D2, Sig_D2, T_D2", "C_C, Sig_C, T_C", "C_D3, Sig_D3, T_D3",
        "C_HPC1, Sig_HPC1, T_HPC1", "C_D4, T_D4", "C_HPC2, T_HPC2", "C_D5, T_D5", "ID_HPC, C_D6, T_D6", "ID_HPC, C_D6, T_D6",
    ];

    private static Task<string> Render(IReadOnlyList<EventView> events, bool showPersonalData = false, long? selected = null) =>
        RenderAsync<ProtocolView>(new()
        {
            [nameof(ProtocolView.Events)] = events,
            [nameof(ProtocolView.ShowPersonalData)] = showPersonalData,
            [nameof(ProtocolView.SelectedSequence)] = selected,
        });

    [Fact]
    public async Task An_honest_visit_draws_one_green_arrow_per_message_in_transcript_order()
    {
        var visit = Transcripts.HonestVisit();

        var html = await Render(visit.Events);

        Assert.Single(StartTags(html, "protocol-view"));
        var arrows = StartTags(html, "message-arrow");
        Assert.Equal(visit.Messages.Select(m => m.Name), arrows.Select(a => Attribute(a, "data-name")));
        Assert.Equal(HonestRoute, arrows.Select(a => Attribute(a, "data-name")));
        Assert.All(arrows, a => Assert.Equal("passed", Attribute(a, "data-status")));
        Assert.DoesNotContain("message-details", html);
    }

    [Fact]
    public async Task Each_arrow_is_labelled_with_its_name_size_and_time_and_has_a_title()
    {
        var visit = Transcripts.HonestVisit();

        var html = await Render(visit.Events);

        var text = Text(html);
        foreach (var m in visit.Messages)
        {
            var label = $"{m.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes · {m.At:HH:mm:ss.fff}";
            Assert.Contains(label, text);
            var arrow = Element(html, "message-arrow", m.Sequence);
            Assert.Contains("<title", arrow);
            Assert.Contains(m.Name, Text(arrow));
            Assert.Contains(label, Text(arrow));
            Assert.Contains($"{ProtocolText.Party(m.Sender)} → {ProtocolText.Party(m.Receiver)}", Text(arrow));
        }
    }

    [Fact]
    public async Task The_diagram_has_the_four_lifelines_phase_labels_and_an_accessible_fallback()
    {
        var visit = Transcripts.HonestVisit();

        var html = await Render(visit.Events);

        var svg = StartTags(html, "protocol-view").Single();
        Assert.NotNull(svg);
        var svgTag = Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<svg[^>]*>")).Value;
        Assert.Contains("role=\"img\"", svgTag);
        Assert.Contains("aria-label=\"Protocol sequence diagram: 12 messages", System.Net.WebUtility.HtmlDecode(svgTag));
        var text = Text(html);
        Assert.Equal(["Patient", "Doctor", "Hospital cloud", "Public cloud"],
            System.Text.RegularExpressions.Regex.Matches(html, "<text class=\"lifeline-name\"[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value));
        Assert.Equal(["Consultation", "EMR search", "Diagnosis", "Filing"],
            System.Text.RegularExpressions.Regex.Matches(html, "<text class=\"phase-label\"[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value));
        // The screen-reader table lists every message too.
        Assert.Equal(HonestRoute, StartTags(html, "message-row").Select(r => Attribute(r, "data-name")));
        Assert.Contains("all 5 checks passed", text);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task A_selected_message_shows_its_details_below_the_diagram()
    {
        var visit = Transcripts.HonestVisit();
        var c_p2 = visit.Message("C_P2");

        var html = await Render(visit.Events, selected: c_p2.Sequence);

        var arrow = StartTags(html, "message-arrow").Single(a => Attribute(a, "data-name") == c_p2.Name);
        Assert.Equal("true", Attribute(arrow, "data-selected"));
        Assert.Contains("selected", Attribute(arrow, "class"));
        var details = Element(html, "message-details");
        Assert.Contains("C_P2, T_P2", Text(details));
        Assert.Contains("Patient patient-alice → Doctor dr-chen", Text(details));
    }

    [Fact]
    public async Task Personal_values_appear_only_for_a_viewer_entitled_to_them_whichever_message_is_selected()
    {
        var visit = Transcripts.HonestVisit();
        string[] personal = [Transcripts.Readings, Transcripts.Diagnosis, Transcripts.RecordText];

        foreach (var m in visit.Messages)
        {
            var hidden = Text(await Render(visit.Events, showPersonalData: false, selected: m.Sequence));
            foreach (var value in personal)
            {
                Assert.DoesNotContain(value, hidden);
            }
        }

        Assert.Contains(Transcripts.Readings, Text(await Render(visit.Events, showPersonalData: true, selected: visit.Message("C_P2").Sequence)));
        Assert.Contains(Transcripts.RecordText, Text(await Render(visit.Events, showPersonalData: true, selected: visit.Message("C_HPC2").Sequence)));
        Assert.Contains(Transcripts.Diagnosis, Text(await Render(visit.Events, showPersonalData: true, selected: visit.Message("C_D5").Sequence)));
    }

    [Fact]
    public async Task No_session_key_appears_in_the_markup()
    {
        var visit = Transcripts.HonestVisit();

        foreach (var m in visit.Messages)
        {
            var html = await Render(visit.Events, showPersonalData: true, selected: m.Sequence);
            SecretsHidden(visit.Sek1, html);
            SecretsHidden(visit.Sek2, html);
        }
    }

    [Fact]
    public async Task A_revoked_certificate_turns_the_rejected_arrow_red()
    {
        var events = Transcripts.RevokedDoctor();

        var html = await Render(events);

        var arrows = StartTags(html, "message-arrow");
        Assert.Equal(["C_P1, Sig_P1, T_P1", "C_D1, Sig_D1, T_D1"], arrows.Select(a => Attribute(a, "data-name")));
        Assert.Equal(["passed", "failed"], arrows.Select(a => Attribute(a, "data-status")));
        var red = Element(html, "message-arrow", events.OfType<MessageView>().Last().Sequence);
        Assert.Contains("stroke=\"#c3362b\"", red);
        Assert.Contains("✗ check failed", Text(red));
        Assert.Contains("aria-label=\"Protocol sequence diagram: 2 messages", System.Net.WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task An_empty_transcript_renders_the_lifelines_and_says_so()
    {
        var html = await Render([]);

        Assert.Single(StartTags(html, "protocol-view"));
        Assert.Empty(StartTags(html, "message-arrow"));
        Assert.Contains("No messages have been exchanged yet.", Text(html));
        Assert.Contains("Public cloud", Text(html));
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
