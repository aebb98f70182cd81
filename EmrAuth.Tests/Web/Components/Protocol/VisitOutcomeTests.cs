using static EmrAuth.Tests.Web.Support.ComponentHtml;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class VisitOutcomeTests
{
    private static Task<string> Render(IReadOnlyList<EventView> events) =>
        RenderAsync<VisitOutcome>(new() { [nameof(VisitOutcome.Events)] = events });

    [Fact]
    public async Task A_completed_visit_reads_as_one_success_line()
    {
        var html = await Render(Transcripts.HonestVisit().Events);

        var outcome = Assert.Single(StartTags(html, "visit-outcome"));
        Assert.Equal("succeeded", Attribute(outcome, "data-state"));
        var text = Text(html);
        Assert.Contains("Visit complete: The signed diagnosis was added to the record at HPC-North.", text);
        Assert.Contains("HPC-North", text);
        Assert.DoesNotContain("<details", html);
    }

    [Fact]
    public async Task A_revoked_certificate_is_explained_in_plain_words_with_the_equation_one_click_away()
    {
        var html = await Render(Transcripts.RevokedDoctor());

        var outcome = Assert.Single(StartTags(html, "visit-outcome"));
        Assert.Equal("failed", Attribute(outcome, "data-state"));
        var headline = Text(System.Text.RegularExpressions.Regex.Match(html, "<p class=\"headline\".*?</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        Assert.Contains("step 2 of the consultation", headline);
        Assert.Contains("the doctor's licence certificate could not be confirmed", headline);
        Assert.Contains("it has been revoked: licence suspended", headline);
        Assert.DoesNotContain("Eq.", headline);
        Assert.Contains("The patient's device refused the message from the doctor's system", Text(html));

        var details = System.Text.RegularExpressions.Regex.Match(html, "<details.*?</details>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.DoesNotContain(" open", details[..details.IndexOf('>')]);
        var technical = Text(details);
        Assert.Contains("Technical detail", technical);
        Assert.Contains("Eq. 20", technical);
        Assert.Contains("Cert_D legal", technical);
        Assert.Contains("licence suspended", technical);
        Assert.Contains("C_D1, Sig_D1, T_D1", technical);
    }

    [Fact]
    public async Task A_refused_visit_with_every_check_passed_still_says_where_it_stopped()
    {
        var events = new EventView[]
        {
            new MessageView(1, "Consultation", 1, DateTimeOffset.UnixEpoch, new("Patient", "p"), new("Doctor", "d"), "C_P1, Sig_P1, T_P1", [], []),
            new VerificationView(2, "Consultation", 1, DateTimeOffset.UnixEpoch, new("Doctor", "d"), 15, "Verify Sig_P1 with PUK_P", true, "ok"),
            new OutcomeView(3, "Consultation", 1, DateTimeOffset.UnixEpoch, new("Doctor", "d"), false, "The doctor declined the visit: fully booked"),
        };

        var html = await Render(events);

        Assert.Equal("failed", Attribute(Assert.Single(StartTags(html, "visit-outcome")), "data-state"));
        Assert.Contains("The visit stopped at step 1 of the consultation: The doctor declined the visit: fully booked.", Text(html));
    }

    [Fact]
    public async Task A_visit_under_way_and_an_empty_one_say_so()
    {
        var honest = Transcripts.HonestVisit().Events;
        var beforeAnyOutcome = honest.TakeWhile(e => e is not OutcomeView).ToList();
        var consultation = honest.TakeWhile(e => e.Phase == "Consultation").ToList();

        // The first outcome ("consultation established") follows C_P1, C_D1 and C_P2, the message that completes it.
        Assert.Equal(3, beforeAnyOutcome.OfType<MessageView>().Count());
        Assert.Equal("in-progress", Attribute(StartTags(await Render(beforeAnyOutcome), "visit-outcome").Single(), "data-state"));
        var established = await Render(consultation);
        Assert.Equal("succeeded", Attribute(StartTags(established, "visit-outcome").Single(), "data-state"));
        Assert.Contains("Consultation established", Text(established));
        Assert.DoesNotContain("Visit complete", Text(established));
        Assert.Equal("empty", Attribute(StartTags(await Render([]), "visit-outcome").Single(), "data-state"));
    }

    [Fact]
    public async Task A_rejected_replay_that_the_visit_survived_is_reported_without_saying_it_stopped()
    {
        PartyView patient = new("Patient", "p"), doctor = new("Doctor", "d");
        var at = DateTimeOffset.UnixEpoch;
        var events = new EventView[]
        {
            new MessageView(1, "Consultation", 1, at, patient, doctor, "C_P1, Sig_P1, T_P1", [], []),
            new VerificationView(2, "Consultation", 1, at, doctor, null, "Replay cache", true, "not seen before"),
            new MessageView(3, "Consultation", 1, at, patient, doctor, "C_P1, Sig_P1, T_P1", [], []),
            new VerificationView(4, "Consultation", 1, at, doctor, null, "Replay cache", false, "this (C_P1, Sig_P1, T_P1) was already accepted: a replay"),
            new MessageView(5, "Consultation", 2, at, doctor, patient, "C_D1, Sig_D1, T_D1", [], []),
            new VerificationView(6, "Consultation", 2, at, patient, null, "Replay cache", true, "not seen before"),
        };

        var text = Text(await Render(events));

        Assert.Contains("A check failed at step 1 of the consultation: a message was received twice (possible replay).", text);
        Assert.Contains("The doctor's system refused the message from the patient's device; the visit went on afterwards.", text);
        Assert.DoesNotContain("stopped", text);
    }
}
