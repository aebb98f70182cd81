using System.Text;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>Requests naming a party, record or department nobody registered, and steps taken before registration.</summary>
public sealed class UnknownEntityTests
{
    [Fact]
    public void A_patient_cannot_consult_a_doctor_who_is_not_in_the_directory()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");

        var refused = Assert.Throws<ProtocolStateException>(() => deployment.Patients["patient-alice"].BeginConsultation("nobody", transcript));

        Assert.Contains("'nobody'", refused.Message);
        Assert.Contains("directory", refused.Message);
        Assert.Empty(transcript.Events);
    }

    [Fact]
    public void A_search_for_a_department_without_an_index_record_is_refused_at_Eq_29_and_leaves_the_index_alone()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var visit = ConsultedVisit(deployment, "patient-alice", "dr-chen");
        var index = Snapshot(deployment.Cloud.Index);

        var failure = Assert.Throws<ProtocolViolationException>(() => visit.SearchRecord("dermatology")).FailedCheck;

        Assert.Equal((29, "Index record h(ID_P || ID_DE)", false), (failure.Equation, failure.Check, failure.Passed));
        Assert.Contains("dermatology", failure.Reason);
        Assert.Equal(index, Snapshot(deployment.Cloud.Index));
    }

    [Fact]
    public void An_index_record_pointing_to_a_deregistered_hospital_is_refused_at_Eq_29()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var visit = ConsultedVisit(deployment, "patient-alice", "dr-chen");
        deployment.Cloud.Deregister(PartyRole.HospitalCloud, "HPC-North");
        var index = Snapshot(deployment.Cloud.Index);

        var failure = Assert.Throws<ProtocolViolationException>(() => visit.SearchRecord(World.Cardiology)).FailedCheck;

        Assert.Equal((29, "ID_HPC registered", false), (failure.Equation, failure.Check, failure.Passed));
        Assert.Contains("HPC-North", failure.Reason);
        Assert.Contains("no longer registered", failure.Reason);
        Assert.Equal(index, Snapshot(deployment.Cloud.Index));
        Assert.Null(visit.Search!.HospitalId);
    }

    [Fact]
    public void A_hospital_asked_for_a_record_it_does_not_hold_refuses_at_Eq_47()
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var north = deployment.Hospitals["HPC-North"];
        // HPC-North announces h(bob || neurology) with a genuine Sig_HPC0 but never stored that record (lost, or
        // announced by mistake): the index now sends bob's neurology search to a hospital without the record.
        var indexKey = EmrIndex.KeyOf("patient-bob", World.Neurology);
        var sentAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = north.Credentials!.Key.Sign(SignedContents.IndexRegistration(north.Id, indexKey, sentAt));
        deployment.Cloud.AcceptIndexRegistration(new IndexRegistration(north.Id, indexKey, signature, sentAt), NullEventSink.Instance);
        Assert.Null(north.FindRecord("patient-bob", World.Neurology));
        var visit = ConsultedVisit(deployment, "patient-bob", "dr-huang");

        var failure = Assert.Throws<ProtocolViolationException>(() => visit.SearchRecord(World.Neurology)).FailedCheck;

        Assert.Equal((47, "Record held here", false), (failure.Equation, failure.Check, failure.Passed));
        Assert.Contains("HPC-North", failure.Reason);
        Assert.Contains(World.Neurology, failure.Reason);
        Assert.Equal("HPC-North", visit.Search!.HospitalId);
        Assert.False(visit.HospitalSide!.Completed);
        Assert.Equal(DoctorEmrSearch.Stage.AwaitingRecord, visit.Search.State);
    }

    /// <summary>An index registration that must be refused, and the check that refuses it.</summary>
    public static TheoryData<string, string> BadIndexRegistrations => new()
    {
        { "from a hospital registered elsewhere", "ID_HPC registered" },
        { "from a deregistered hospital", "ID_HPC registered" },
        { "with a corrupted signature", "Verify Sig_HPC0 with PUK_HPC" },
        { "signed by another hospital", "Verify Sig_HPC0 with PUK_HPC" },
        { "with the index key changed after signing", "Verify Sig_HPC0 with PUK_HPC" },
    };

    [Theory]
    [MemberData(nameof(BadIndexRegistrations))]
    public void A_bad_index_registration_is_refused_and_the_index_is_unchanged(string problem, string check)
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        using var elsewhere = new Deployment(clock);
        var cloud = deployment.Cloud;
        var record = new RecordEntry(clock.GetUtcNow(), "test", "Dermatitis.");
        var registration = problem switch
        {
            "from a hospital registered elsewhere" => elsewhere.AddHospital("HPC-Elsewhere").StoreRecord("patient-erin", "dermatology", record),
            "from a deregistered hospital" => deployment.AddHospital("HPC-East").StoreRecord("patient-erin", "dermatology", record),
            "signed by another hospital" => deployment.Hospitals["HPC-South"].StoreRecord("patient-erin", "dermatology", record) with { HospitalId = "HPC-North" },
            _ => deployment.Hospitals["HPC-North"].StoreRecord("patient-erin", "dermatology", record),
        };
        if (problem == "from a deregistered hospital")
        {
            cloud.Deregister(PartyRole.HospitalCloud, "HPC-East");
        }
        registration = problem switch
        {
            "with a corrupted signature" => registration with { Signature = Flip.LastByteBit0.Apply(registration.Signature) },
            "with the index key changed after signing" => registration with { IndexKey = EmrIndex.KeyOf("patient-alice", World.Cardiology) },
            _ => registration,
        };
        var index = Snapshot(cloud.Index);

        var failure = Assert.Throws<ProtocolViolationException>(() => cloud.AcceptIndexRegistration(registration, NullEventSink.Instance)).FailedCheck;

        Assert.Equal((check, false), (failure.Check, failure.Passed));
        Assert.Equal(index, Snapshot(cloud.Index));
    }

    [Fact]
    public void A_genuine_index_registration_is_accepted()
    {
        // Control for the refusals above.
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var before = deployment.Cloud.Index.Count;

        deployment.AddRecord("HPC-North", "patient-erin", "dermatology", "Dermatitis.");

        Assert.Equal(before + 1, deployment.Cloud.Index.Count);
        Assert.Contains(Convert.ToHexString(EmrIndex.KeyOf("patient-erin", "dermatology")), deployment.Cloud.Index.MaskedRecords.Keys);
    }

    /// <summary>Steps a party cannot take before it holds (R_X, S_X).</summary>
    public static TheoryData<string> StepsBeforeRegistration => new()
    {
        "patient begins a consultation",
        "doctor receives a consultation request",
        "hospital stores a record",
        "hospital receives an access request",
        "hospital receives a filing",
    };

    [Theory]
    [MemberData(nameof(StepsBeforeRegistration))]
    public void A_step_before_registration_is_refused(string step)
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var bulletin = deployment.Cloud.Bulletin;
        using var patient = new Patient("patient-erin", Encoding.UTF8.GetBytes("erin-fingerprint-template"), bulletin, clock, deployment.Options);
        using var doctor = new Doctor("dr-wang", deployment.Authority.Issue("dr-wang", World.Neurology, TimeSpan.FromDays(365)), bulletin, clock, deployment.Options);
        using var hospital = new HospitalCloud("HPC-East", bulletin, clock, deployment.Options);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Action act = step switch
        {
            "patient begins a consultation" => () => patient.BeginConsultation("dr-chen", NullEventSink.Instance),
            "doctor receives a consultation request" => () => doctor.ReceiveConsultationRequest(
                deployment.Patients["patient-alice"].BeginConsultation("dr-chen", NullEventSink.Instance).Request, deployment.Patients["patient-alice"].Ref, NullEventSink.Instance),
            "hospital stores a record" => () => hospital.StoreRecord("patient-erin", "dermatology", new RecordEntry(clock.GetUtcNow(), "HPC-East", "Dermatitis.")),
            "hospital receives an access request" => () => hospital.ReceiveAccessRequest(new HospitalAccessRequest([1], [2], now), deployment.Doctors["dr-chen"].Ref, NullEventSink.Instance),
            _ => () => hospital.ReceiveFiling(new DiagnosisFiling("HPC-East", [1], now), NullEventSink.Instance),
        };

        var refused = Assert.Throws<ProtocolStateException>(act);

        Assert.Contains("has not completed registration", refused.Message);
        Assert.False(patient.IsRegistered || doctor.IsRegistered || hospital.IsRegistered);
        Assert.Empty(hospital.Records);
    }

    private static Visit ConsultedVisit(Deployment deployment, string patientId, string doctorId)
    {
        // The patient allows every department these tests search, so the index and hospital checks are the ones reached.
        var visit = new Visit(deployment, deployment.Patients[patientId], deployment.Doctors[doctorId], NullEventSink.Instance,
            scope: [World.Cardiology, World.Neurology, "dermatology"]);
        visit.Consult("HR 72 bpm");
        return visit;
    }

    private static Dictionary<string, string> Snapshot(EmrIndex index) =>
        index.MaskedRecords.ToDictionary(r => r.Key, r => Convert.ToHexString(r.Value));
}
