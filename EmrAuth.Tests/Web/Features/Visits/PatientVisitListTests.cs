using Bunit;
using EmrAuth.Domain.Messages;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>The patient's visit list labels a visit the account follows as a delegate "for alice (permissions)"; its own visits carry no label.</summary>
public sealed class PatientVisitListTests : MudComponentTest
{
    private static VisitSummary Visit(string patientId, DelegatePermissions? delegated = null) =>
        new(Guid.NewGuid(), patientId, "dr-chen", null, null, VisitStatus.Consulting, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null) { Delegated = delegated };

    [Fact]
    public void A_visit_for_another_patient_is_labelled_with_the_patient_and_the_delegations_permissions_and_opens_the_visit_page()
    {
        var own = Visit("bob");
        var forAlice = Visit("alice", DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses);

        var cut = Render<PatientVisitList>(p => p
            .Add(l => l.Visits, [forAlice, own])
            .Add(l => l.DoctorName, id => id == "dr-chen" ? "Dr. Mei Chen" : id)
            .Add(l => l.Now, DateTimeOffset.UtcNow));

        var label = Assert.Single(cut.FindAll("[data-testid='visit-row-for']"));
        Assert.Equal("for alice (StartVisits, ReadDiagnoses)", label.TextContent);
        var row = label.Closest("tr")!;
        Assert.Equal($"/visits/{forAlice.Id}", row.QuerySelector($"a[data-visit-id='{forAlice.Id}']")!.GetAttribute("href"));
        Assert.Empty(cut.Find($"[data-visit-id='{own.Id}']").Closest("tr")!.QuerySelectorAll("[data-testid='visit-row-for']"));
    }
}
