using Bunit;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class MessageDetailsTests : InteractiveMudTest
{
    private IRenderedComponent<MessageDetails> Render(MessageView message, bool showPersonalData, IReadOnlyList<VerificationView>? checks = null) =>
        Render<MessageDetails>(p => p
            .Add(d => d.Message, message)
            .Add(d => d.ShowPersonalData, showPersonalData)
            .Add(d => d.Checks, checks));

    private static string Text(IRenderedComponent<MessageDetails> cut) => cut.Find("[data-testid='message-details']").Text();

    [Fact]
    public void Shows_sender_receiver_and_each_part_with_shortened_hex_and_the_full_hex_as_a_tooltip()
    {
        var c_p1 = Transcripts.HonestVisit().Message("C_P1");

        var cut = Render(c_p1, showPersonalData: false);

        var text = Text(cut);
        Assert.Contains("Patient patient-alice → Doctor dr-chen", text);
        Assert.Equal(c_p1.Parts.Select(p => p.Name), cut.FindAll("[data-testid='message-part']").Select(t => t.GetAttribute("data-part")));
        foreach (var part in c_p1.Parts)
        {
            var row = cut.Find($"[data-testid='message-part'][data-part='{part.Name}']");
            Assert.Contains(part.Name, row.Text());
            Assert.Contains($"{part.Size} bytes", row.Text());
            Assert.Equal(part.Hex, row.QuerySelector("code.hex")!.GetAttribute("title"));
            if (part.Hex!.Length > 28)
            {
                Assert.Contains($"{part.Hex[..16]}…{part.Hex[^8..]}", row.Text());
                Assert.DoesNotContain(part.Hex, row.Text());
            }
        }
        Assert.Contains("ciphertext", text);
        Assert.Contains("signature", text);
        Assert.Contains("timestamp", text);
    }

    [Fact]
    public void Personal_values_are_hidden_from_a_viewer_who_is_not_a_party()
    {
        var c_p2 = Transcripts.HonestVisit().Message("C_P2");
        Assert.Contains(c_p2.Recovered, r => r is { Name: "M_SD", Sensitivity: "Personal" });

        var hidden = Render(c_p2, showPersonalData: false);
        var shown = Render(c_p2, showPersonalData: true);

        Assert.DoesNotContain(Transcripts.Readings, Text(hidden));
        Assert.DoesNotContain("121/79", hidden.Markup);
        Assert.Contains(ProtocolText.HiddenPersonal, Text(hidden));
        Assert.Contains(Transcripts.Readings, Text(shown));
        Assert.DoesNotContain(ProtocolText.HiddenPersonal, Text(shown));
    }

    [Fact]
    public void Secret_values_show_only_their_redacted_text_even_to_a_party()
    {
        var visit = Transcripts.HonestVisit();
        var c_d1 = visit.Message("C_D1");

        var cut = Render(c_d1, showPersonalData: true);

        var sek1 = cut.Find("[data-testid='recovered-value'][data-name='SEK_1']");
        Assert.Equal("Secret", sek1.GetAttribute("data-sensitivity"));
        Assert.Contains("SEK_1 32 bytes (secret, not shown)", Text(cut));
        ProtocolViewTests.SecretsHidden(visit.Sek1, cut.Markup);
        // Public values show to anyone.
        Assert.Contains("Cert_D", Text(Render(c_d1, showPersonalData: false)));
    }

    [Fact]
    public void A_part_without_bytes_reads_secret_not_shown()
    {
        var message = new MessageView(1, "Registration", 2, DateTimeOffset.UnixEpoch, new PartyView("PublicCloud", "PC"), new PartyView("Patient", "p"),
            "R_P, S_P", [new PartView("R_P", "Clear", 33, "02" + new string('A', 64)), new PartView("S_P", "Secret", 32, null)], []);

        var cut = Render(message, showPersonalData: true);

        var row = cut.Find("[data-testid='message-part'][data-part='S_P']").Text();
        Assert.Contains("secret, not shown", row);
        Assert.Contains("32 bytes", row);
        Assert.Contains("02AAAAAAAAAAAAAA…AAAAAAAA", Text(cut));
    }

    [Fact]
    public void The_receivers_checks_are_listed_when_given()
    {
        var events = Transcripts.RevokedDoctor();
        var c_d1 = events.OfType<MessageView>().Last();
        var checks = events.OfType<VerificationView>().Where(v => v.Sequence > c_d1.Sequence).ToList();

        var text = Text(Render(c_d1, showPersonalData: true, checks));

        Assert.Contains("Eq. 20", text);
        Assert.Contains("licence suspended", text);
    }
}
