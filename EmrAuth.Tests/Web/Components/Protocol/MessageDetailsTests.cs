using static EmrAuth.Tests.Web.Support.ComponentHtml;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class MessageDetailsTests
{
    private static Task<string> Render(MessageView message, bool showPersonalData, IReadOnlyList<VerificationView>? checks = null) =>
        RenderAsync<MessageDetails>(new()
        {
            [nameof(MessageDetails.Message)] = message,
            [nameof(MessageDetails.ShowPersonalData)] = showPersonalData,
            [nameof(MessageDetails.Checks)] = checks,
        });

    [Fact]
    public async Task Shows_sender_receiver_and_each_part_with_shortened_hex_and_the_full_hex_as_a_tooltip()
    {
        var c_p1 = Transcripts.HonestVisit().Message("C_P1");

        var html = await Render(c_p1, showPersonalData: false);

        var text = Text(Element(html, "message-details"));
        Assert.Contains("Patient patient-alice → Doctor dr-chen", text);
        Assert.Equal(c_p1.Parts.Select(p => p.Name), StartTags(html, "message-part").Select(t => Attribute(t, "data-part")));
        foreach (var part in c_p1.Parts)
        {
            var row = Text(System.Text.RegularExpressions.Regex.Match(html, $"<tr[^>]*data-part=\"{part.Name}\".*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
            Assert.Contains(part.Name, row);
            Assert.Contains($"{part.Size} bytes", row);
            Assert.Contains($"title=\"{part.Hex}\"", html);
            if (part.Hex!.Length > 28)
            {
                Assert.Contains($"{part.Hex[..16]}…{part.Hex[^8..]}", row);
                Assert.DoesNotContain(part.Hex, row);
            }
        }
        Assert.Contains("ciphertext", text);
        Assert.Contains("signature", text);
        Assert.Contains("timestamp", text);
    }

    [Fact]
    public async Task Personal_values_are_hidden_from_a_viewer_who_is_not_a_party()
    {
        var c_p2 = Transcripts.HonestVisit().Message("C_P2");
        Assert.Contains(c_p2.Recovered, r => r is { Name: "M_SD", Sensitivity: "Personal" });

        var hidden = await Render(c_p2, showPersonalData: false);
        var shown = await Render(c_p2, showPersonalData: true);

        Assert.DoesNotContain(Transcripts.Readings, Text(hidden));
        Assert.DoesNotContain("121/79", hidden);
        Assert.Contains("hidden (you are not a party to this visit)", Text(hidden));
        Assert.Contains(Transcripts.Readings, Text(shown));
        Assert.DoesNotContain("hidden (you are not a party to this visit)", Text(shown));
    }

    [Fact]
    public async Task Secret_values_show_only_their_redacted_text_even_to_a_party()
    {
        var visit = Transcripts.HonestVisit();
        var c_d1 = visit.Message("C_D1");

        var html = await Render(c_d1, showPersonalData: true);

        var sek1 = StartTags(html, "recovered-value").Single(t => Attribute(t, "data-name") == "SEK_1");
        Assert.Equal("Secret", Attribute(sek1, "data-sensitivity"));
        Assert.Contains("SEK_1 32 bytes (secret, not shown)", System.Text.RegularExpressions.Regex.Replace(Text(html), "\\s+", " "));
        ProtocolViewTests.SecretsHidden(visit.Sek1, html);
        // Public values show to anyone.
        Assert.Contains("Cert_D", Text(await Render(c_d1, showPersonalData: false)));
    }

    [Fact]
    public async Task A_part_without_bytes_reads_secret_not_shown()
    {
        var message = new MessageView(1, "Registration", 2, DateTimeOffset.UnixEpoch, new PartyView("PublicCloud", "PC"), new PartyView("Patient", "p"),
            "R_P, S_P", [new PartView("R_P", "Clear", 33, "02" + new string('A', 64)), new PartView("S_P", "Secret", 32, null)], []);

        var html = await Render(message, showPersonalData: true);

        var row = System.Text.RegularExpressions.Regex.Match(html, "<tr[^>]*data-part=\"S_P\".*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("secret, not shown", Text(row));
        Assert.Contains("32 bytes", Text(row));
        Assert.Contains("02AAAAAAAAAAAAAA…AAAAAAAA", Text(html));
    }

    [Fact]
    public async Task The_receivers_checks_are_listed_when_given()
    {
        var events = Transcripts.RevokedDoctor();
        var c_d1 = events.OfType<MessageView>().Last();
        var checks = events.OfType<VerificationView>().Where(v => v.Sequence > c_d1.Sequence).ToList();

        var text = Text(await Render(c_d1, showPersonalData: true, checks));

        Assert.Contains("Eq. 20", text);
        Assert.Contains("licence suspended", text);
    }
}
