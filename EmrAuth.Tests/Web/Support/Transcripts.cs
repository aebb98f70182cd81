using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Web.Support;

/// <summary>Real transcripts from the domain, as the portal's views.</summary>
internal static class Transcripts
{
    public const string Readings = "HR 72 bpm; BP 121/79 mmHg; SpO2 98 %; ECG sinus rhythm";
    public const string Diagnosis = "Stable. Continue current medication; review in 3 months.";
    public const string RecordText = "2024 stent placed; on aspirin.";

    /// <summary>Alice sees dr-chen: consultation, EMR search in cardiology at HPC-North, diagnosis and filing.</summary>
    public static Honest HonestVisit()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("honest");
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"], transcript);
        visit.Consult(Readings);
        visit.SearchRecord(World.Cardiology);
        visit.Diagnose(Diagnosis);
        return new Honest(
            [.. transcript.Events.Select(EventView.From)],
            visit.PatientSide!.SessionKey!.Export(),
            visit.Search!.SessionKey!.Export());
    }

    /// <summary>dr-chen's Cert_D is revoked after he answers and before the patient checks C_D1: Eq. 20 fails.</summary>
    public static IReadOnlyList<EventView> RevokedDoctor()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("revoked");
        var patient = deployment.Patients["patient-alice"];
        var doctor = deployment.Doctors["dr-chen"];
        var patientSide = patient.BeginConsultation(doctor.Id, transcript);
        var doctorSide = doctor.ReceiveConsultationRequest(patientSide.Request, patient.Ref, transcript);
        var response = doctorSide.Accept();
        deployment.Authority.Revoke(doctor.Certificate.Serial, "licence suspended");
        Assert.Throws<ProtocolViolationException>(() => patientSide.ReceiveResponse(response));
        return [.. transcript.Events.Select(EventView.From)];
    }

    /// <summary>dr-chen breaks the glass for alice's cardiology record at HPC-North: BG1–BG3 with every check, M_EMR recovered.</summary>
    public static IReadOnlyList<EventView> BreakGlass()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("break-glass");
        var doctor = deployment.Doctors["dr-chen"];
        var (statement, request) = doctor.RequestBreakGlass("patient-alice", "HPC-North", World.Cardiology, BreakGlassReason.LifeThreatening, "Cardiac arrest.",
            restrictedConfirmed: false);
        var forward = deployment.Cloud.ForwardBreakGlass(request, doctor.Ref, transcript);
        doctor.OpenBreakGlassRelease(deployment.Hospitals["HPC-North"].ReleaseBreakGlass(forward, transcript), statement, transcript);
        return [.. transcript.Events.Select(EventView.From)];
    }

    public sealed record Honest(IReadOnlyList<EventView> Events, byte[] Sek1, byte[] Sek2)
    {
        public IReadOnlyList<MessageView> Messages => [.. Events.OfType<MessageView>()];

        public MessageView Message(string startsWith) => Messages.First(m => m.Name.StartsWith(startsWith, StringComparison.Ordinal));
    }
}
