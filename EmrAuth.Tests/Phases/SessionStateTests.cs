using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// Sealed visit state (issue 13): every session exports its state and is restored from it, re-attached to its party.
/// A visit whose sessions are thrown away and restored after every step sends the same bytes and ends the same way
/// as one that kept them in memory; a damaged state is refused with <see cref="SessionStateException"/>.
/// </summary>
public class SessionStateTests
{
    private const string Readings = "HR 72 bpm; BP 121/79 mmHg";
    private const string Diagnosis = "Stable; review in 3 months.";

    public static TheoryData<ProtocolProfile> Profiles => new(Enum.GetValues<ProtocolProfile>());

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_visit_restored_after_every_step_sends_the_same_bytes_and_files_the_same_diagnosis(ProtocolProfile profile)
    {
        var (kept, keptRecord, keptDiagnosis) = Run(profile, restoreEveryStep: false);
        var (restored, restoredRecord, restoredDiagnosis) = Run(profile, restoreEveryStep: true);

        Assert.Equal(Diagnosis, restoredDiagnosis);
        Assert.Equal(keptDiagnosis, restoredDiagnosis);
        Assert.Equal(keptRecord, restoredRecord);
        Assert.Equal(Describe(kept), Describe(restored));
        Assert.All(restored.Verifications, v => Assert.True(v.Passed, $"{v.Reference}: {v.Reason}"));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_refusal_reaches_a_restored_patient_and_leaves_a_restorable_refused_state(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        var transcript = new SessionTranscript("visit");
        var (patient, doctor) = (deployment.Patients["patient-bob"], deployment.Doctors["dr-deng"]);
        var patientSide = RoundTrip(patient.BeginConsultation(doctor.Id, transcript), patient, transcript);
        var doctorSide = RoundTrip(doctor.ReceiveConsultationRequest(patientSide.Request, patient.Ref, transcript), doctor, transcript);
        var refusal = doctorSide.Refuse("Fully booked");
        patientSide = RoundTrip(patientSide, patient, transcript);
        patientSide.ReceiveRefusal(refusal);

        patientSide = RoundTrip(patientSide, patient, transcript);
        Assert.Equal((PatientConsultation.Stage.Refused, "Fully booked"), (patientSide.State, patientSide.RefusalReason));
        Assert.Equal(DoctorConsultation.Stage.Refused, RoundTrip(doctorSide, doctor, transcript).State);
        Assert.Throws<ProtocolStateException>(() => patientSide.SendReadings(Readings));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_truncation_of_every_session_state_is_refused(ProtocolProfile profile)
    {
        foreach (var (state, restore) in States(profile))
        {
            for (var length = 0; length < state.Length; length++)
            {
                var cut = state[..length];
                Assert.Throws<SessionStateException>(() => restore(cut));
            }
            Assert.Throws<SessionStateException>(() => restore([.. state, 0, 0, 0, 0]));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_flipped_byte_anywhere_is_refused_or_restores_but_never_crashes(ProtocolProfile profile)
    {
        foreach (var (state, restore) in States(profile))
        {
            for (var i = 0; i < state.Length; i++)
            {
                var flipped = (byte[])state.Clone();
                flipped[i] ^= 0x5A;
                var error = Record.Exception(() => restore(flipped));
                Assert.True(error is null or SessionStateException, $"byte {i}: {error}");
            }
        }
    }

    [Fact]
    public void A_state_of_another_version_kind_or_owner_is_refused_with_a_clear_reason()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");
        var (alice, bob) = (deployment.Patients["patient-alice"], deployment.Patients["patient-bob"]);
        var state = alice.BeginConsultation("dr-chen", transcript).ExportStateWithSecretsForSealedStorage();

        var otherVersion = new FieldWriter().Add("EmrAuth.VisitSession.v0").ToArray().Concat(state[(4 + "EmrAuth.VisitSession.v1".Length)..]).ToArray();
        Assert.Contains("unknown version", Assert.Throws<SessionStateException>(() => PatientConsultation.RestoreFromSealedStorage(alice, otherVersion, transcript)).Message);
        Assert.Contains("not a DoctorConsultation",
            Assert.Throws<SessionStateException>(() => DoctorConsultation.RestoreFromSealedStorage(deployment.Doctors["dr-chen"], state, transcript)).Message);
        Assert.Contains("another party", Assert.Throws<SessionStateException>(() => PatientConsultation.RestoreFromSealedStorage(bob, state, transcript)).Message);
        Assert.Equal(PatientConsultation.Stage.AwaitingDoctor, PatientConsultation.RestoreFromSealedStorage(alice, state, transcript).State);
    }

    [Fact]
    public void The_state_of_a_hardened_session_no_longer_holds_the_ephemeral_key_once_it_was_erased()
    {
        using var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = ProtocolProfile.Hardened });
        var transcript = new SessionTranscript("visit");
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"], transcript);
        visit.Consult(Readings);

        var restored = RoundTrip(visit.PatientSide!, deployment.Patients["patient-alice"], transcript);
        Assert.True(restored.EphemeralErased);
    }

    /// <summary>One visit step by step; with <paramref name="restoreEveryStep"/> every live session is exported, dropped and restored between steps.</summary>
    private static (SessionTranscript, string Record, string Diagnosis) Run(ProtocolProfile profile, bool restoreEveryStep)
    {
        using var random = DeterministicRandom.Open($"session-state-{profile}");
        using var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        var transcript = new SessionTranscript("visit");
        var (patient, doctor, cloud) = (deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"], deployment.Cloud);
        var s = new Sessions(patient, doctor, transcript, restoreEveryStep);

        s.Patient = patient.BeginConsultation(doctor.Id, transcript, profile);
        s.Next();
        s.Doctor = doctor.ReceiveConsultationRequest(s.Patient.Request, patient.Ref, transcript, profile);
        s.Next();
        var response = s.Doctor.Accept();
        s.Next();
        s.Patient.ReceiveResponse(response);
        s.Next();
        var readings = s.Patient.SendReadings(Readings);
        s.Next();
        s.Doctor.ReceiveReadings(readings);
        s.Next();
        s.Search = s.Doctor.BeginEmrSearch(World.Cardiology);
        s.Next();
        var answer = cloud.AnswerIndexQuery(s.Search.Query, doctor.Ref, transcript, profile);
        var accessRequest = s.Search.ReceiveIndexAnswer(answer);
        var hospital = deployment.Hospitals[s.Search.HospitalId!];
        s.Hospital = hospital;
        s.Next();
        s.HospitalSide = hospital.ReceiveAccessRequest(accessRequest, doctor.Ref, transcript, profile);
        s.Next();
        var recordRequest = s.Search.ReceiveHospitalResponse(s.HospitalSide.Response);
        s.Next();
        var delivery = s.HospitalSide.ReceiveRecordRequest(recordRequest);
        s.Next();
        var record = s.Search.ReceiveRecord(delivery);
        s.Next();
        var diagnosis = s.Doctor.SendDiagnosis(Diagnosis);
        s.Next();
        var received = s.Patient.ReceiveDiagnosis(diagnosis);
        s.Next();
        var route = cloud.RelayFiling(s.Doctor.FileDiagnosis(s.Search), doctor.Ref, transcript, profile);
        hospital.ReceiveFiling(route.Message, transcript, profile);
        var filed = hospital.FindRecord(patient.Id, World.Cardiology)!.Entries[^1];
        Assert.Equal((doctor.Id, Diagnosis), (filed.Author, filed.Text));
        return (transcript, record, received);
    }

    private sealed class Sessions(Patient patient, Doctor doctor, SessionTranscript transcript, bool restore)
    {
        public PatientConsultation Patient = null!;
        public DoctorConsultation Doctor = null!;
        public DoctorEmrSearch Search = null!;
        public HospitalCloud Hospital = null!;
        public HospitalAccessSession HospitalSide = null!;

        public void Next()
        {
            if (!restore)
            {
                return;
            }
            Patient = RoundTrip(Patient, patient, transcript);
            Doctor = Doctor is null ? null! : RoundTrip(Doctor, doctor, transcript);
            Search = Search is null ? null! : RoundTrip(Search, doctor, transcript);
            HospitalSide = HospitalSide is null ? null! : RoundTrip(HospitalSide, Hospital, transcript);
        }
    }

    /// <summary>Every session kind's state at some step, with its restore.</summary>
    private static IEnumerable<(byte[] State, Action<byte[]> Restore)> States(ProtocolProfile profile)
    {
        var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        var transcript = new SessionTranscript("visit");
        var (patient, doctor) = (deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"]);
        var visit = new Visit(deployment, patient, doctor, transcript);
        visit.Consult(Readings);
        visit.SearchRecord(World.Cardiology);
        var hospital = deployment.Hospitals[visit.Search!.HospitalId!];
        return
        [
            (visit.PatientSide!.ExportStateWithSecretsForSealedStorage(), s => PatientConsultation.RestoreFromSealedStorage(patient, s, transcript)),
            (visit.DoctorSide!.ExportStateWithSecretsForSealedStorage(), s => DoctorConsultation.RestoreFromSealedStorage(doctor, s, transcript)),
            (visit.Search.ExportStateWithSecretsForSealedStorage(), s => DoctorEmrSearch.RestoreFromSealedStorage(doctor, s, transcript)),
            (visit.HospitalSide!.ExportStateWithSecretsForSealedStorage(), s => HospitalAccessSession.RestoreFromSealedStorage(hospital, s, transcript)),
        ];
    }

    private static PatientConsultation RoundTrip(PatientConsultation session, Patient owner, IProtocolEventSink sink) =>
        Same(session.ExportStateWithSecretsForSealedStorage(), s => PatientConsultation.RestoreFromSealedStorage(owner, s, sink), r => r.ExportStateWithSecretsForSealedStorage());

    private static DoctorConsultation RoundTrip(DoctorConsultation session, Doctor owner, IProtocolEventSink sink) =>
        Same(session.ExportStateWithSecretsForSealedStorage(), s => DoctorConsultation.RestoreFromSealedStorage(owner, s, sink), r => r.ExportStateWithSecretsForSealedStorage());

    private static DoctorEmrSearch RoundTrip(DoctorEmrSearch session, Doctor owner, IProtocolEventSink sink) =>
        Same(session.ExportStateWithSecretsForSealedStorage(), s => DoctorEmrSearch.RestoreFromSealedStorage(owner, s, sink), r => r.ExportStateWithSecretsForSealedStorage());

    private static HospitalAccessSession RoundTrip(HospitalAccessSession session, HospitalCloud owner, IProtocolEventSink sink) =>
        Same(session.ExportStateWithSecretsForSealedStorage(), s => HospitalAccessSession.RestoreFromSealedStorage(owner, s, sink), r => r.ExportStateWithSecretsForSealedStorage());

    /// <summary>Restores, and checks that the restored session exports exactly the bytes it came from.</summary>
    private static T Same<T>(byte[] state, Func<byte[], T> restore, Func<T, byte[]> export)
    {
        var restored = restore(state);
        Assert.Equal(state, export(restored));
        return restored;
    }

    private static List<string> Describe(SessionTranscript transcript) =>
    [
        .. transcript.Events.Select(e => e switch
        {
            MessageEvent m => $"{m.Sequence} {m.Sender}->{m.Receiver} {m.Name} " + string.Join("|", m.Parts.Select(p => Convert.ToHexString(p.Bytes ?? []))),
            VerificationEvent v => $"{v.Sequence} {v.Verifier} {v.Reference} {v.Check} {v.Passed} {v.Reason}",
            _ => $"{e.Sequence} {e}",
        }),
    ];
}
