using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

public class HonestRunTests
{
    private static readonly (string Patient, string Doctor, string Department, string Hospital)[] Routes =
    [
        ("patient-alice", "dr-chen", World.Cardiology, "HPC-North"),
        ("patient-alice", "dr-huang", World.Neurology, "HPC-South"),
        ("patient-bob", "dr-deng", World.Cardiology, "HPC-South"),
        ("patient-carol", "dr-huang", World.Neurology, "HPC-North"),
        ("patient-dan", "dr-chen", World.Cardiology, "HPC-South"),
    ];

    public static TheoryData<ProtocolProfile> Profiles => new(Enum.GetValues<ProtocolProfile>());

    public static TheoryData<string, string, string, string, ProtocolProfile> Visits
    {
        get
        {
            var data = new TheoryData<string, string, string, string, ProtocolProfile>();
            foreach (var profile in Enum.GetValues<ProtocolProfile>())
            {
                foreach (var (patient, doctor, department, hospital) in Routes)
                {
                    data.Add(patient, doctor, department, hospital, profile);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Visits))]
    public void A_full_visit_agrees_on_keys_and_delivers_every_payload_unchanged(string patientId, string doctorId, string department, string hospitalId, ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        var transcript = new SessionTranscript("visit");
        var visit = new Visit(deployment, deployment.Patients[patientId], deployment.Doctors[doctorId], transcript);
        Assert.Equal(profile, visit.Profile);
        const string readings = "HR 72 bpm; BP 121/79 mmHg; SpO2 98 %; ECG sinus rhythm";
        const string diagnosis = "Stable. Continue current medication; review in 3 months.";

        visit.Consult(readings);
        var record = visit.SearchRecord(department);
        var received = visit.Diagnose(diagnosis);

        Assert.True(visit.PatientSide!.SessionKey!.SameAs(visit.DoctorSide!.SessionKey!), "SEK_1 differs");
        Assert.True(visit.Search!.SessionKey!.SameAs(visit.HospitalSide!.SessionKey), "SEK_2 differs");
        Assert.False(visit.PatientSide.SessionKey!.SameAs(visit.Search.SessionKey!), "SEK_1 and SEK_2 must differ");
        Assert.Equal(readings, visit.DoctorSide.Readings);
        Assert.Equal(deployment.Hospitals[hospitalId].FindRecord(patientId, department)!.Entries[0].Text, record.Split(": ", 2)[1]);
        Assert.Equal(diagnosis, received);
        Assert.Equal(hospitalId, visit.Search.HospitalId);
        var filed = deployment.Hospitals[hospitalId].FindRecord(patientId, department)!.Entries[^1];
        Assert.Equal((doctorId, diagnosis), (filed.Author, filed.Text));
        Assert.NotNull(filed.AuthorSignature);

        var failed = transcript.Verifications.Where(v => !v.Passed).ToList();
        Assert.True(failed.Count == 0, string.Join("; ", failed.Select(f => $"{f.Reference}: {f.Reason}")));
        Assert.Equal(Enumerable.Range(1, transcript.Events.Count).Select(i => (long)i), transcript.Events.Select(e => e.Sequence));
        var confirmations = transcript.Verifications.Where(v => KeyConfirmationCheck.All.Contains(v.Check)).Select(v => v.Equation).ToList();
        var hardened = profile == ProtocolProfile.Hardened;
        Assert.Equal(hardened ? [22, 44] : [], confirmations);
        Assert.Equal((hardened, hardened), (visit.PatientSide.EphemeralErased, visit.Search.EphemeralErased));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_transcript_lists_messages_in_protocol_order_with_every_equation_checked(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        var transcript = new SessionTranscript("visit");
        var visit = new Visit(deployment, deployment.Patients["patient-bob"], deployment.Doctors["dr-deng"], transcript);
        visit.Consult("HR 80");
        visit.SearchRecord(World.Cardiology);
        visit.Diagnose("Fine.");
        // The hardened filing names its hospital only inside C_R, sealed to the public cloud.
        var filing = profile == ProtocolProfile.Hardened ? "C_R, C_D6, T_D6" : "ID_HPC, C_D6, T_D6";

        Assert.Equal(
            ["C_P1, Sig_P1, T_P1", "C_D1, Sig_D1, T_D1", "C_P2, T_P2", "C_D2, Sig_D2, T_D2", "C_C, Sig_C, T_C", "C_D3, Sig_D3, T_D3",
             "C_HPC1, Sig_HPC1, T_HPC1", "C_D4, T_D4", "C_HPC2, T_HPC2", "C_D5, T_D5", .. Enumerable.Repeat(filing, 2)],
            transcript.Messages.Select(m => m.Name));
        var equations = transcript.Verifications.Where(v => v.Equation is not null).Select(v => v.Equation!.Value).Distinct().Order();
        Assert.Equal([14, 15, 20, 21, 22, 24, 27, 28, 29, 31, 32, 34, 36, 37, 42, 43, 44, 46, 47, 48, 50], equations);
    }
}
