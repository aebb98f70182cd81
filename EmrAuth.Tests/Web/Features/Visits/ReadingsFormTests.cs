using Bunit;
using Microsoft.AspNetCore.Components;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The patient's readings form: messages under the fields, nothing sent while invalid, the simulated device.</summary>
public sealed class ReadingsFormTests : InteractiveMudTest
{
    private readonly List<string> _sent = [];
    private readonly List<ActionFeedback> _raised = [];

    private IRenderedComponent<ReadingsForm> Render(ActionFeedback? answer = null) => Render<ReadingsForm>(p => p
        .Add(f => f.Send, text =>
        {
            _sent.Add(text);
            return Task.FromResult(answer ?? new ActionFeedback(true, "Readings delivered."));
        })
        .Add(f => f.OnSent, EventCallback.Factory.Create<ActionFeedback>(this, _raised.Add)));

    private static void Type(IRenderedComponent<ReadingsForm> cut, int heartRate, int systolic, int diastolic, int spO2, string ecg)
    {
        InputOf(cut, "reading-heart-rate").Change(heartRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        InputOf(cut, "reading-systolic").Change(systolic.ToString(System.Globalization.CultureInfo.InvariantCulture));
        InputOf(cut, "reading-diastolic").Change(diastolic.ToString(System.Globalization.CultureInfo.InvariantCulture));
        InputOf(cut, "reading-spo2").Change(spO2.ToString(System.Globalization.CultureInfo.InvariantCulture));
        InputOf(cut, "reading-ecg").Change(ecg);
    }

    [Fact]
    public void A_heart_rate_out_of_range_is_named_under_its_field_and_nothing_is_sent()
    {
        var cut = Render();
        Type(cut, heartRate: 300, systolic: 120, diastolic: 80, spO2: 98, ecg: "sinus rhythm");

        cut.Find("[data-testid='send-readings']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Heart rate must be between 20 and 250 bpm.", HelperOf(cut, "reading-heart-rate")));
        Assert.Equal("50–260 mmHg", HelperOf(cut, "reading-systolic"));
        Assert.Empty(_sent);
        Assert.Empty(_raised);
    }

    [Fact]
    public void Missing_readings_are_required_and_a_diastolic_above_systolic_is_refused()
    {
        var cut = Render();
        InputOf(cut, "reading-systolic").Change("110");
        InputOf(cut, "reading-diastolic").Change("120");

        cut.Find("[data-testid='send-readings']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Heart rate is required.", HelperOf(cut, "reading-heart-rate")));
        Assert.Equal("Diastolic pressure must be lower than systolic.", HelperOf(cut, "reading-diastolic"));
        Assert.Equal("Describe the ECG, e.g. \"sinus rhythm\".", HelperOf(cut, "reading-ecg").Split("0 / ")[0].Trim());
        Assert.Empty(_sent);
    }

    [Fact]
    public void Valid_readings_are_sent_as_one_line_of_text_and_the_page_is_told()
    {
        var cut = Render();
        Type(cut, heartRate: 84, systolic: 132, diastolic: 84, spO2: 97, ecg: "  irregularly irregular rhythm ");

        cut.Find("[data-testid='send-readings']").Click();

        cut.WaitForAssertion(() => Assert.Equal(["HR 84 bpm; BP 132/84 mmHg; SpO2 97 %; ECG: irregularly irregular rhythm"], _sent));
        Assert.True(Assert.Single(_raised).Succeeded);
    }

    [Fact]
    public void The_simulated_device_fills_in_readings_and_those_on_screen_are_the_ones_sent()
    {
        var cut = Render();

        cut.Find("[data-testid='simulate-device'] input, input[data-testid='simulate-device']").Change(true);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='device-live']")));
        var shown = cut.Find("[data-testid='readings-preview']").TextContent;
        Assert.Matches(@"^HR \d+ bpm; BP \d+/\d+ mmHg; SpO2 \d+ %; ECG: sinus rhythm", shown);
        Assert.Equal("true", InputOf(cut, "reading-heart-rate").HasAttribute("readonly") ? "true" : "false");

        cut.Find("[data-testid='send-readings']").Click();

        cut.WaitForAssertion(() => Assert.Single(_sent));
        Assert.Equal(shown, _sent[0]);
        Assert.Empty(cut.FindAll("[data-testid='device-live']"));
    }

    [Fact]
    public void The_servers_refusal_of_the_readings_shows_under_the_ECG_field()
    {
        var cut = Render(new ActionFeedback(false, "The readings are too long to encrypt.", "readings"));
        Type(cut, heartRate: 70, systolic: 120, diastolic: 80, spO2: 98, ecg: "sinus rhythm");

        cut.Find("[data-testid='send-readings']").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("The readings are too long to encrypt.", HelperOf(cut, "reading-ecg")));
        Assert.Empty(cut.FindAll("[data-testid='readings-error']"));
        Assert.False(Assert.Single(_raised).Succeeded);
    }
}
