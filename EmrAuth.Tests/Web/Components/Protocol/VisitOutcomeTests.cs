using Bunit;

namespace EmrAuth.Tests.Web.Components.Protocol;

public class VisitOutcomeTests : InteractiveMudTest
{
    private string State(IReadOnlyList<EventView> events) => Render(events).Find("[data-testid='visit-outcome']").GetAttribute("data-state")!;

    private IRenderedComponent<VisitOutcome> Render(IReadOnlyList<EventView> events) => Render<VisitOutcome>(p => p.Add(o => o.Events, events));

    [Fact]
    public void A_completed_visit_reads_as_one_success_line()
    {
        var cut = Render(Transcripts.HonestVisit().Events);

        var outcome = cut.Find("[data-testid='visit-outcome']");
        Assert.Equal("succeeded", outcome.GetAttribute("data-state"));
        Assert.Contains("Visit complete: The signed diagnosis was added to the record at HPC-North.", outcome.Text());
        Assert.Empty(cut.FindAll("details"));
    }

    [Fact]
    public void A_revoked_certificate_is_explained_in_plain_words_with_the_equation_one_click_away()
    {
        var cut = Render(Transcripts.RevokedDoctor());

        var outcome = cut.Find("[data-testid='visit-outcome']");
        Assert.Equal("failed", outcome.GetAttribute("data-state"));
        var headline = cut.Find("p.headline").Text();
        Assert.Contains("step 2 of the consultation", headline);
        Assert.Contains("the doctor's licence certificate could not be confirmed", headline);
        Assert.Contains("it has been revoked: licence suspended", headline);
        Assert.DoesNotContain("Eq.", headline);
        Assert.Contains("The patient's device refused the message from the doctor's system", outcome.Text());

        var details = cut.Find("details");
        Assert.False(details.HasAttribute("open"));
        var technical = details.Text();
        Assert.Contains("Technical detail", technical);
        Assert.Contains("Eq. 20", technical);
        Assert.Contains("Cert_D legal", technical);
        Assert.Contains("licence suspended", technical);
        Assert.Contains("C_D1, Sig_D1, T_D1", technical);
    }

    [Fact]
    public void A_refused_visit_with_every_check_passed_still_says_where_it_stopped()
    {
        var events = new EventView[]
        {
            new MessageView(1, "Consultation", 1, DateTimeOffset.UnixEpoch, new("Patient", "p"), new("Doctor", "d"), "C_P1, Sig_P1, T_P1", [], []),
            new VerificationView(2, "Consultation", 1, DateTimeOffset.UnixEpoch, new("Doctor", "d"), 15, "Verify Sig_P1 with PUK_P", true, "ok"),
            new OutcomeView(3, "Consultation", 1, DateTimeOffset.UnixEpoch, new("Doctor", "d"), false, "The doctor declined the visit: fully booked"),
        };

        var outcome = Render(events).Find("[data-testid='visit-outcome']");

        Assert.Equal("failed", outcome.GetAttribute("data-state"));
        Assert.Contains("The visit stopped at step 1 of the consultation: The doctor declined the visit: fully booked.", outcome.Text());
    }

    [Fact]
    public void A_visit_under_way_and_an_empty_one_say_so()
    {
        var honest = Transcripts.HonestVisit().Events;
        var beforeAnyOutcome = honest.TakeWhile(e => e is not OutcomeView).ToList();
        var consultation = honest.TakeWhile(e => e.Phase == "Consultation").ToList();

        // The first outcome ("consultation established") follows C_P1, C_D1 and C_P2, the message that completes it.
        Assert.Equal(3, beforeAnyOutcome.OfType<MessageView>().Count());
        Assert.Equal("in-progress", State(beforeAnyOutcome));
        var established = Render(consultation).Find("[data-testid='visit-outcome']");
        Assert.Equal("succeeded", established.GetAttribute("data-state"));
        Assert.Contains("Consultation established", established.Text());
        Assert.DoesNotContain("Visit complete", established.Text());
        Assert.Equal("empty", State([]));
    }

    [Fact]
    public void A_rejected_replay_that_the_visit_survived_is_reported_without_saying_it_stopped()
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

        var text = Render(events).Find("[data-testid='visit-outcome']").Text();

        Assert.Contains("A check failed at step 1 of the consultation: a message was received twice (possible replay).", text);
        Assert.Contains("The doctor's system refused the message from the patient's device; the visit went on afterwards.", text);
        Assert.DoesNotContain("stopped", text);
    }
}
