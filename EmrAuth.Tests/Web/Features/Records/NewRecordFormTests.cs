using Bunit;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Records;

/// <summary>The hospital admin's "New record" form: messages under the fields, and a request only when every field is right.</summary>
public class NewRecordFormTests : MudComponentTest
{
    private static readonly IReadOnlyList<Department> Departments =
        [new Department { HospitalId = "north-general", DepartmentId = "cardiology", Name = "Cardiology" }];

    private readonly List<NewRecord> _sent = [];

    private IRenderedComponent<NewRecordForm> RenderForm(Func<NewRecord, Task>? onCreate = null) =>
        Render<NewRecordForm>(p => p
            .Add(c => c.Departments, Departments)
            .Add(c => c.OnCreate, onCreate ?? (record => { _sent.Add(record); return Task.CompletedTask; })));

    private static string FieldText(IRenderedComponent<NewRecordForm> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    private static async Task FillAsync(IRenderedComponent<NewRecordForm> cut, string patient, string? department, string text)
    {
        cut.Find("[data-testid=new-record-patient] input, input[data-testid=new-record-patient]").Input(patient);
        if (department is not null)
        {
            await cut.InvokeAsync(() => cut.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(department));
        }
        cut.Find("textarea").Input(text);
    }

    [Fact]
    public void An_empty_form_shows_a_message_under_each_field_and_sends_nothing()
    {
        var cut = RenderForm();

        cut.Find("button[data-testid=create-record]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Enter the patient's identity.", FieldText(cut, "new-record-patient")));
        Assert.Contains("Choose a department.", FieldText(cut, "new-record-department"));
        Assert.Contains("Write the record's first entry.", FieldText(cut, "new-record-text"));
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_malformed_identity_is_refused_on_its_field()
    {
        var cut = RenderForm();
        await FillAsync(cut, "Alice Smith", "cardiology", "History");

        cut.Find("button[data-testid=create-record]").Click();

        cut.WaitForAssertion(() => Assert.Contains("lower-case letters", FieldText(cut, "new-record-patient")));
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_valid_form_sends_the_record_and_confirms_it()
    {
        var cut = RenderForm();
        await FillAsync(cut, " erin ", "cardiology", "Palpitations since May.");

        cut.Find("button[data-testid=create-record]").Click();

        cut.WaitForAssertion(() => Assert.Equal([new NewRecord("erin", "cardiology", "Palpitations since May.")], _sent));
        Assert.Contains("the public cloud accepted its index entry", cut.Find("[data-testid=new-record-created]").TextContent);
    }

    [Fact]
    public async Task The_servers_refusal_appears_under_the_field_it_concerns()
    {
        var cut = RenderForm(_ => throw new PortalValidationException("patientId", "No registered patient has this identity."));
        await FillAsync(cut, "zoe", "cardiology", "History");

        cut.Find("button[data-testid=create-record]").Click();

        cut.WaitForAssertion(() => Assert.Contains("No registered patient has this identity.", FieldText(cut, "new-record-patient")));
        Assert.Empty(cut.FindAll("[data-testid=new-record-created]"));
    }
}
