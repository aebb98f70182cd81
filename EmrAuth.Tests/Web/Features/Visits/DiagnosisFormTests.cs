using Bunit;
using Microsoft.AspNetCore.Components;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The doctor's diagnosis form: required, at most the record's entry length, the text (and its restricted flag) reaches the callback.</summary>
public sealed class DiagnosisFormTests : InteractiveMudTest
{
    private readonly List<string> _sent = [];
    private readonly List<bool> _restricted = [];

    private IRenderedComponent<DiagnosisForm> Render() => Render<DiagnosisForm>(p => p
        .Add(f => f.Send, (text, restricted) =>
        {
            _sent.Add(text);
            _restricted.Add(restricted);
            return Task.FromResult(new ActionFeedback(true, "Diagnosis sent."));
        }));

    [Fact]
    public void An_empty_diagnosis_is_refused_under_the_field()
    {
        var cut = Render();
        InputOf(cut, "diagnosis-input").Input("   ");

        cut.Find("[data-testid='send-diagnosis']").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("Write the diagnosis before sending it.", HelperOf(cut, "diagnosis-input")));
        Assert.Empty(_sent);
    }

    [Fact]
    public void The_field_counts_towards_the_record_limit_and_refuses_a_longer_text()
    {
        var cut = Render();
        Assert.Equal(RecordService.MaxEntryLength.ToString(System.Globalization.CultureInfo.InvariantCulture), InputOf(cut, "diagnosis-input").GetAttribute("maxlength"));

        InputOf(cut, "diagnosis-input").Input(new string('x', RecordService.MaxEntryLength + 1));
        cut.Find("[data-testid='send-diagnosis']").Click();

        cut.WaitForAssertion(() => Assert.Contains($"Keep the diagnosis under {RecordService.MaxEntryLength} characters.", HelperOf(cut, "diagnosis-input")));
        Assert.Contains($"{RecordService.MaxEntryLength + 1} / {RecordService.MaxEntryLength}", cut.Find("[data-testid='diagnosis-form']").TextContent);
        Assert.Empty(_sent);
    }

    [Fact]
    public void A_diagnosis_is_sent_trimmed()
    {
        var cut = Render();
        InputOf(cut, "diagnosis-input").Input("  Stable angina; review in 3 months. ");

        cut.Find("[data-testid='send-diagnosis']").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Stable angina; review in 3 months."], _sent));
        Assert.Equal([false], _restricted);
    }

    [Fact]
    public void A_diagnosis_marked_restricted_is_sent_with_the_label_request()
    {
        var cut = Render();
        InputOf(cut, "diagnosis-input").Input("Moderate depressive episode; refer to psychiatry.");
        cut.Find("[data-testid='diagnosis-restricted'] input, input[data-testid='diagnosis-restricted']").Change(true);

        cut.Find("[data-testid='send-diagnosis']").Click();

        cut.WaitForAssertion(() => Assert.Equal([true], _restricted));
    }
}
