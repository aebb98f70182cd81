using Bunit;
using EmrAuth.Domain.Messages;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// What each role sees of the same visit: the patient and the doctor read the recovered readings, record and diagnosis
/// in the protocol view; the hospital that served it and the cloud administrator see only that they are hidden.
/// </summary>
public sealed class VisitViewerTests : InteractiveMudTest
{
    private static readonly VisitSummary Served = new(Guid.NewGuid(), "patient-alice", "dr-chen", "cardiology", "HPC-North", VisitStatus.Diagnosed,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "Diagnosed");

    public static TheoryData<string, string?, bool> Viewers => new()
    {
        { Roles.Patient, "patient-alice", true },
        { Roles.Doctor, "dr-chen", true },
        { Roles.HospitalAdmin, "HPC-North", false },
        { Roles.CloudAdmin, null, false },
    };

    [Theory]
    [MemberData(nameof(Viewers))]
    public void The_recovered_values_show_only_to_the_visits_patient_and_doctor(string role, string? partyId, bool entitled)
    {
        var visit = Transcripts.HonestVisit();
        var viewer = new Viewer(role, partyId);
        Assert.True(viewer.MayOpen(Served));

        foreach (var (message, value) in new[] { ("C_P2", Transcripts.Readings), ("C_HPC2", Transcripts.RecordText), ("C_D5", Transcripts.Diagnosis) })
        {
            var cut = Render<ProtocolView>(p => p
                .Add(v => v.Events, visit.Events)
                .Add(v => v.ShowPersonalData, viewer.MaySeePersonalData(Served))
                .Add(v => v.SelectedSequence, visit.Message(message).Sequence));

            var details = cut.Find("[data-testid='message-details']").TextContent;
            Assert.Equal(entitled, details.Contains(value, StringComparison.Ordinal));
            Assert.Equal(!entitled, details.Contains(ProtocolText.HiddenPersonal, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Another_patient_or_doctor_may_not_see_them_either()
    {
        Assert.False(new Viewer(Roles.Patient, "patient-bob").MaySeePersonalData(Served));
        Assert.False(new Viewer(Roles.Doctor, "dr-huang").MaySeePersonalData(Served));
    }

    /// <summary>The queries mark a visit Delegated only for a delegate in force; the diagnosis stays theirs to withhold.</summary>
    [Fact]
    public void A_delegate_of_the_patient_sees_them_as_the_patient_does()
    {
        var delegated = Served with { Delegated = DelegatePermissions.StartVisits };

        Assert.True(new Viewer(Roles.Patient, "patient-bob").MaySeePersonalData(delegated));
        Assert.False(new Viewer(Roles.Doctor, "dr-huang").MaySeePersonalData(delegated));
    }

    [Fact]
    public void The_doctors_panel_shows_the_record_and_readings_its_side_decrypted()
    {
        var cut = Render<DoctorPanel>(p => p
            .Add(d => d.Visit, Served)
            .Add(d => d.Commands, null!)
            .Add(d => d.PatientName, "Alice")
            .Add(d => d.Readings, Transcripts.Readings)
            .Add(d => d.Emr, Transcripts.RecordText)
            .Add(d => d.Diagnosis, Transcripts.Diagnosis));

        Assert.Equal(Transcripts.Diagnosis, cut.Find("[data-testid='diagnosis-text']").TextContent);
        Assert.Equal(Transcripts.RecordText, cut.Find("[data-testid='emr-text']").TextContent);
        Assert.Equal(Transcripts.Readings, cut.Find("[data-testid='readings-text']").TextContent);
    }

    [Fact]
    public void The_patients_panel_shows_the_diagnosis_and_never_the_record()
    {
        var cut = Render<PatientPanel>(p => p
            .Add(d => d.Visit, Served)
            .Add(d => d.Commands, null!)
            .Add(d => d.DoctorName, "Dr. Mei Chen")
            .Add(d => d.Readings, Transcripts.Readings)
            .Add(d => d.Diagnosis, Transcripts.Diagnosis));

        Assert.Equal(Transcripts.Diagnosis, cut.Find("[data-testid='diagnosis-text']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='emr-text']"));
        Assert.DoesNotContain("M_EMR", cut.Markup);
    }
}
