using Bunit;
using EmrAuth.Domain.Messages;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.BreakGlass;

/// <summary>The break-glass components: the doctor's request form, the doctor's accesses, the hospital's review queue.</summary>
public sealed class BreakGlassComponentTests : InteractiveMudTest
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static readonly Department[] Departments =
    [
        new() { HospitalId = "north-general", DepartmentId = "cardiology", Name = "Cardiology" },
        new() { HospitalId = "south-university", DepartmentId = "oncology", Name = "Oncology" },
    ];

    private readonly List<BreakGlassForm> _sent = [];

    private IRenderedComponent<BreakGlassRequestForm> RenderForm(ActionFeedback answer) => Render<BreakGlassRequestForm>(p => p
        .Add(f => f.Departments, Departments)
        .Add(f => f.Submit, form =>
        {
            _sent.Add(new BreakGlassForm
            {
                PatientId = form.PatientId, HospitalId = form.HospitalId, DepartmentId = form.DepartmentId, Reason = form.Reason,
                IncludeRestricted = form.IncludeRestricted, RestrictedConfirmedAgain = form.RestrictedConfirmedAgain,
            });
            return Task.FromResult(answer);
        }));

    private static BreakGlassView Access(BreakGlassReview review = BreakGlassReview.Pending, bool restricted = false, int endsInHours = 4) =>
        new(Guid.NewGuid(), "dr-chen", "alice", "north-general", "cardiology", BreakGlassReason.LifeThreatening, "Cardiac arrest.", Noon,
            Noon.AddHours(endsInHours), restricted, 1, Noon, review, review == BreakGlassReview.Pending ? null : "admin.north", null, "ok");

    [Fact]
    public void Without_a_patient_and_a_place_nothing_is_sent()
    {
        var cut = RenderForm(ActionFeedback.Done);

        cut.Find("[data-testid='bg-open']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Enter the patient's id.", HelperOf(cut, "bg-patient")));
        Assert.Equal("Choose where the emergency is.", HelperOf(cut, "bg-place"));
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task Restricted_entries_show_a_second_confirmation_and_the_chosen_place_is_sent_with_both_answers()
    {
        var cut = RenderForm(ActionFeedback.Done);
        Assert.Empty(cut.FindAll("[data-testid='bg-restricted-confirm']"));

        cut.Find("[data-testid='bg-patient']").Change("alice");
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.SelectOption("south-university|oncology"));
        InputOf(cut, "bg-restricted").Change(true);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='bg-restricted-confirm']")));
        InputOf(cut, "bg-restricted-confirm").Change(true);
        cut.Find("[data-testid='bg-open']").Click();

        cut.WaitForAssertion(() => Assert.Single(_sent));
        Assert.Equal(("alice", "south-university", "oncology", true, true),
            (_sent[0].PatientId, _sent[0].HospitalId, _sent[0].DepartmentId, _sent[0].IncludeRestricted, _sent[0].RestrictedConfirmedAgain));
    }

    [Fact]
    public async Task The_servers_answer_shows_under_its_field()
    {
        var cut = RenderForm(new ActionFeedback(false, "Use 3 to 32 lower-case letters.", "patientId"));
        cut.Find("[data-testid='bg-patient']").Change("Alice");
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single().Instance.SelectOption("north-general|cardiology"));

        cut.Find("[data-testid='bg-open']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Use 3 to 32 lower-case letters.", HelperOf(cut, "bg-patient")));
    }

    [Fact]
    public void The_doctors_list_shows_the_time_left_and_offers_re_open_only_inside_the_time_box()
    {
        var reopened = new List<Guid>();
        var open = Access();
        var over = Access(endsInHours: 1);
        var cut = Render<BreakGlassAccessList>(p => p.Add(c => c.Accesses, [open, over]).Add(c => c.Now, Noon.AddMinutes(90))
            .Add(c => c.OnReopen, (Guid id) => reopened.Add(id)));

        Assert.Equal(["2 h 30 min left", "time box over"], cut.FindAll("[data-testid='bg-time-left']").Select(e => e.TextContent));
        var buttons = cut.FindAll("[data-testid='bg-reopen']");
        Assert.Equal([false, true], buttons.Select(b => b.HasAttribute("disabled")));
        buttons[0].Click();
        Assert.Equal([open.Id], reopened);
    }

    [Fact]
    public void The_review_queue_flags_restricted_data_and_overdue_reviews_and_sends_the_note_with_the_verdict()
    {
        var reviews = new List<(Guid, bool, string)>();
        var pending = Access(restricted: true);
        var cut = Render<BreakGlassReviewQueue>(p => p.Add(c => c.Accesses, [pending, Access(BreakGlassReview.Justified)])
            .Add(c => c.Now, Noon.AddHours(73)).Add(c => c.ReviewDue, TimeSpan.FromHours(72))
            .Add(c => c.Review, (id, justified, note) =>
            {
                reviews.Add((id, justified, note));
                return Task.FromResult(ActionFeedback.Done);
            }));

        Assert.Single(cut.FindAll("[data-testid='bg-restricted-flag']"));
        Assert.Contains("Review overdue", cut.Find($"[data-access='{pending.Id}']").TextContent);
        Assert.Contains("Justified by admin.north", cut.Find("[data-testid='bg-review-done']").TextContent);
        InputOf(cut, "bg-review-note").Change("Patient arrived unconscious; justified.");
        cut.Find("[data-testid='bg-unjustified']").Click();

        cut.WaitForAssertion(() => Assert.Equal([(pending.Id, false, "Patient arrived unconscious; justified.")], reviews));
    }

    private IRenderedComponent<BreakGlassReviewQueue> RenderQueue(BreakGlassView access, Func<Guid, (ActionFeedback, IReadOnlyList<EventView>)> transcript)
    {
        Func<Guid, Task<(ActionFeedback Feedback, IReadOnlyList<EventView> Events)>> load = id => Task.FromResult(transcript(id));
        return Render<BreakGlassReviewQueue>(p => p.Add(c => c.Accesses, [access]).Add(c => c.Now, Noon).Add(c => c.ReviewDue, TimeSpan.FromHours(72))
            .Add(c => c.Transcript, load).Add(c => c.Review, (_, _, _) => Task.FromResult(ActionFeedback.Done)));
    }

    [Fact]
    public void The_review_queue_opens_an_access_transcript_with_its_messages_and_checks_and_the_record_as_withheld_and_reloads_it_after_a_re_opening()
    {
        var access = Access();
        var events = Transcripts.BreakGlass().Select(e => VisitQueries.Redact(e, BreakGlassReviews.Withheld)).ToList();
        var asked = new List<Guid>();
        var cut = RenderQueue(access, id =>
        {
            asked.Add(id);
            return (ActionFeedback.Done, events);
        });
        Assert.Empty(cut.FindAll("[data-testid='bg-transcript']"));

        cut.Find("[data-testid='bg-transcript-toggle']").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='message-row']").Count));
        cut.Find("[data-testid='message-arrow'][data-name^='C_BG3']").Click();

        Assert.Equal([access.Id], asked);
        var checks = cut.FindAll("[data-testid='verification-row']").Select(r => r.TextContent).ToList();
        Assert.Contains(checks, c => c.Contains("Cert_D legal"));
        Assert.Contains(checks, c => c.Contains(BreakGlassStatement.TimeBoxCheck));
        var released = cut.Find("[data-testid='recovered-value'][data-name='M_EMR']").TextContent;
        Assert.Contains(BreakGlassReviews.Withheld, released);
        Assert.DoesNotContain("stent", cut.Markup);
        cut.Render(p => p.Add(c => c.Accesses, [access with { Opens = 2 }]));
        cut.WaitForAssertion(() => Assert.Equal([access.Id, access.Id], asked));
        cut.Find("[data-testid='bg-transcript-toggle']").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid='bg-transcript']")));
    }

    [Fact]
    public void A_transcript_the_service_refuses_shows_why_in_its_place()
    {
        var cut = RenderQueue(Access(), _ => (new ActionFeedback(false, "This access was not at your hospital."), []));

        cut.Find("[data-testid='bg-transcript-toggle']").Click();

        cut.WaitForAssertion(() => Assert.Contains("This access was not at your hospital.", cut.Find("[data-testid='bg-transcript']").TextContent));
        Assert.Empty(cut.FindAll("[data-testid='protocol-view']"));
    }

    [Fact]
    public void The_patients_access_log_flags_a_break_glass_read()
    {
        var entry = new AuditEntry { At = Noon, Actor = "dr-chen", Action = BreakGlassService.ReadAction, Subject = "break-glass x", Outcome = "released", PatientId = "alice" };
        var cut = Render<AccessLogList>(p => p.Add(c => c.Rows, [new AccessLogRow(entry, "Dr. Mei Chen", "Opened your record in an emergency (break-glass)", true)]));

        Assert.Equal("Break-glass", cut.Find("[data-testid='break-glass-flag']").TextContent.Trim());
        Assert.Single(cut.FindAll("[data-testid='record-read']"));
    }
}
