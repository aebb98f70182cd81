using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Tests.Support;

/// <summary>The seeded <see cref="World"/> on a hand-moved clock, five minutes after seeding, with one shared transcript.</summary>
public sealed class VisitScene : IDisposable
{
    public VisitScene()
    {
        Deployment = World.Build(Clock);
        Clock.Advance(TimeSpan.FromMinutes(5));
    }

    public ManualClock Clock { get; } = ManualClock.StartingNow();

    public Deployment Deployment { get; }

    public SessionTranscript Transcript { get; } = new("attack");

    public TimeSpan FreshnessWindow => Deployment.Options.FreshnessWindow;

    public InterceptedVisit Visit(string patientId, string doctorId, string departmentId, bool refuses = false, ProtocolProfile? profile = null) =>
        new(Deployment, Transcript, patientId, doctorId, departmentId, refuses, profile);

    public void Dispose() => Deployment.Dispose();
}

/// <summary>What a test asserts about a run of <see cref="InterceptedVisit"/>.</summary>
public static class InterceptedVisitAssertions
{
    /// <summary>The run ended as an honest one does: keys agree and every payload arrived unchanged.</summary>
    public static void AssertHonestOutcome(this InterceptedVisit run)
    {
        Assert.Equal(Hop.Done, run.Next);
        if (run.Refuses)
        {
            Assert.Equal((PatientConsultation.Stage.Refused, DoctorConsultation.Stage.Refused), (run.PatientSide!.State, run.DoctorSide!.State));
            Assert.Equal(InterceptedVisit.RefusalReason, run.PatientSide.RefusalReason);
            return;
        }
        Assert.True(run.PatientSide!.SessionKey!.SameAs(run.DoctorSide!.SessionKey!), "SEK_1 differs between patient and doctor");
        Assert.True(run.Search!.SessionKey!.SameAs(run.HospitalSide!.SessionKey), "SEK_2 differs between doctor and hospital");
        Assert.Equal(InterceptedVisit.Readings, run.DoctorSide.Readings);
        var held = run.Hospital.FindRecord(run.Patient.Id, run.DepartmentId)!;
        Assert.Contains(held.Entries[0].Text, run.Record);
        Assert.Equal(InterceptedVisit.DiagnosisText, run.ReceivedDiagnosis);
        Assert.Equal(PatientConsultation.Stage.Diagnosed, run.PatientSide.State);
        Assert.Contains(held.Entries, e => e.Author == run.Doctor.Id && e.Text == InterceptedVisit.DiagnosisText && e.AuthorSignature is not null);
    }
}
