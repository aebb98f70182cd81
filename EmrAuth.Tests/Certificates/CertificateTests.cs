using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Certificates;

/// <summary>
/// "Verifies whether Cert_D is legal" at every place the paper says so: Eqs. 20, 27, 36, 46, 50, and the
/// filing of architecture step 4 (no equation). A revoked and a forged Cert_D are refused at each of them.
/// </summary>
public sealed class CertificateTests
{
    /// <summary>Where Cert_D is checked; the value is the equation the refusal must name (0: the filing, none).</summary>
    public static TheoryData<int> Places => new() { 20, 27, 36, 46, 50, 0 };

    private const string PatientId = "patient-alice";
    private const string DoctorId = "dr-chen";
    private const string HospitalId = "HPC-North";

    [Theory]
    [MemberData(nameof(Places))]
    public void A_legal_Cert_D_passes_each_check(int place)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");
        var deliver = RunUpTo(place, deployment, transcript, beforeDoctorBuilds: () => { });

        deliver();

        var check = Assert.Single(transcript.Verifications, v => v.Check == "Cert_D legal" && v.Phase == PhaseOf(place) && v.Step == StepOf(place));
        Assert.Equal((EquationOf(place), true), (check.Equation, check.Passed));
    }

    [Theory]
    [MemberData(nameof(Places))]
    public void A_Cert_D_revoked_mid_visit_is_refused_at_the_next_check(int place)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");
        var deliver = RunUpTo(place, deployment, transcript, beforeDoctorBuilds: () => { });
        var serial = deployment.Doctors[DoctorId].Certificate.Serial;

        deployment.Authority.Revoke(serial, "licence suspended by the board");
        var failure = Assert.Throws<ProtocolViolationException>(deliver).FailedCheck;

        Assert.Equal((EquationOf(place), "Cert_D legal", false), (failure.Equation, failure.Check, failure.Passed));
        Assert.Contains($"Cert_D {serial} was revoked", failure.Reason);
        Assert.Contains("licence suspended by the board", failure.Reason);
    }

    [Theory]
    [MemberData(nameof(Places))]
    public void A_forged_Cert_D_is_refused_at_each_check(int place)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");
        var doctor = deployment.Doctors[DoctorId];
        // Same serial, doctor, department and validity as the genuine Cert_D, signed by another authority's key.
        using var rogueKey = PrivateKey.Generate();
        var forged = doctor.Certificate with { AuthoritySignature = rogueKey.Sign(doctor.Certificate.SignedContent()) };
        Assert.True(rogueKey.PublicKey.Verify(forged.SignedContent(), forged.AuthoritySignature));

        var deliver = RunUpTo(place, deployment, transcript, beforeDoctorBuilds: () => doctor.PresentedCertificate = forged);
        var failure = Assert.Throws<ProtocolViolationException>(deliver).FailedCheck;

        Assert.Equal((EquationOf(place), "Cert_D legal", false), (failure.Equation, failure.Check, failure.Passed));
        Assert.Contains($"Cert_D {forged.Serial} is not signed by the medical authority (forged)", failure.Reason);
    }

    [Fact]
    public void A_Cert_D_from_a_rogue_authority_is_refused_when_presented_in_a_visit()
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var doctor = deployment.Doctors[DoctorId];
        using var rogue = new MedicalAuthority("Rogue", clock);
        doctor.PresentedCertificate = rogue.Issue(DoctorId, World.Cardiology, TimeSpan.FromDays(365));
        var patient = deployment.Patients[PatientId].BeginConsultation(DoctorId, NullEventSink.Instance);
        var response = doctor.ReceiveConsultationRequest(patient.Request, deployment.Patients[PatientId].Ref, NullEventSink.Instance).Accept();

        var failure = Assert.Throws<ProtocolViolationException>(() => patient.ReceiveResponse(response)).FailedCheck;

        Assert.Equal((20, "Cert_D legal"), (failure.Equation, failure.Check));
        Assert.Contains("Rogue-000001 is not signed by the medical authority", failure.Reason);
        Assert.Equal(PatientConsultation.Stage.AwaitingDoctor, patient.State);
    }

    [Fact]
    public void The_revocation_list_is_signed_by_the_authority_and_grows_with_each_revocation()
    {
        var clock = ManualClock.StartingNow();
        using var authority = new MedicalAuthority("MA", clock);
        var certificate = authority.Issue(DoctorId, World.Cardiology, TimeSpan.FromDays(365));
        var empty = authority.RevocationList;

        clock.Advance(TimeSpan.FromMinutes(1));
        authority.Revoke(certificate.Serial, "licence suspended");
        authority.Revoke(certificate.Serial, "revoked twice: the first entry stays");
        var list = authority.RevocationList;

        Assert.True(authority.PublicKey.Verify(empty.SignedContent(), empty.Signature));
        Assert.True(authority.PublicKey.Verify(list.SignedContent(), list.Signature));
        Assert.Equal(empty.Version + 1, list.Version);
        var entry = Assert.Single(list.Revocations);
        Assert.Equal((certificate.Serial, clock.GetUtcNow(), "licence suspended"), (entry.Serial, entry.RevokedAt, entry.Reason));
        Assert.False(authority.PublicKey.Verify((list with { Revocations = [] }).SignedContent(), list.Signature));
        Assert.Throws<InvalidOperationException>(() => authority.Revoke("MA-999999", "never issued"));
    }

    [Fact]
    public void A_revocation_list_re_signed_by_another_key_is_refused()
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var certificate = deployment.Doctors[DoctorId].Certificate;
        deployment.Authority.Revoke(certificate.Serial, "licence suspended");
        var genuine = deployment.Authority.RevocationList;
        // The attacker drops the revocation and re-signs the list with a key of its own.
        using var rogueKey = PrivateKey.Generate();
        var dropped = genuine with { Version = genuine.Version + 1, Revocations = [] };
        var tampered = dropped with { Signature = rogueKey.Sign(dropped.SignedContent()) };

        var honestView = TrustViewOver(deployment.Cloud.Bulletin, () => genuine);
        var tamperedView = TrustViewOver(deployment.Cloud.Bulletin, () => tampered);

        Assert.False(honestView.CheckCertificate(Phase.Consultation, certificate, DoctorId, clock.GetUtcNow()).IsLegal);
        var refused = Assert.Throws<ProtocolStateException>(() => tamperedView.CheckCertificate(Phase.Consultation, certificate, DoctorId, clock.GetUtcNow()));
        Assert.Contains("revocation list's signature does not verify", refused.Message);
    }

    private static TrustView TrustViewOver(PublicBulletin real, Func<RevocationList> revocations) =>
        new(new PublicBulletin(real.MasterPublicKey, real.CloudKey, real.CloudId, real.AuthorityKey, () => real.Directory, revocations),
            new PartyCrypto(new OperationCounters()));

    private static int? EquationOf(int place) => place == 0 ? null : place;

    private static Phase PhaseOf(int place) => place switch { 20 => Phase.Consultation, 50 => Phase.Diagnosis, 0 => Phase.Filing, _ => Phase.EmrSearch };

    private static int StepOf(int place) => place switch { 20 => 2, 27 => 1, 36 => 3, 46 => 5, 50 => 1, _ => 2 };

    /// <summary>
    /// Runs alice's visit to dr-chen (cardiology, HPC-North) honestly up to the message whose receiver checks Cert_D
    /// at <paramref name="place"/>; <paramref name="beforeDoctorBuilds"/> runs just before the doctor builds it.
    /// Returns the delivery of that message.
    /// </summary>
    private static Action RunUpTo(int place, Deployment deployment, IProtocolEventSink sink, Action beforeDoctorBuilds)
    {
        var patient = deployment.Patients[PatientId];
        var doctor = deployment.Doctors[DoctorId];
        var hospital = deployment.Hospitals[HospitalId];
        var cloud = deployment.Cloud;
        if (place == 20)
        {
            var patientSide = patient.BeginConsultation(DoctorId, sink);
            var doctorSide = doctor.ReceiveConsultationRequest(patientSide.Request, patient.Ref, sink);
            beforeDoctorBuilds();
            var response = doctorSide.Accept();
            return () => patientSide.ReceiveResponse(response);
        }
        var visit = new Visit(deployment, patient, doctor, sink);
        visit.Consult("HR 72 bpm; BP 121/79 mmHg");
        if (place is 50 or 0)
        {
            visit.SearchRecord(World.Cardiology);
            if (place == 50)
            {
                beforeDoctorBuilds();
                var diagnosis = visit.DoctorSide!.SendDiagnosis("Stable.");
                return () => visit.PatientSide!.ReceiveDiagnosis(diagnosis);
            }
            visit.PatientSide!.ReceiveDiagnosis(visit.DoctorSide!.SendDiagnosis("Stable."));
            beforeDoctorBuilds();
            var filing = cloud.RelayFiling(visit.DoctorSide.FileDiagnosis(visit.Search!), doctor.Ref, sink, visit.Profile).Message;
            return () => hospital.ReceiveFiling(filing, sink, visit.Profile);
        }
        if (place == 27)
        {
            beforeDoctorBuilds();
        }
        var search = visit.DoctorSide!.BeginEmrSearch(World.Cardiology);
        if (place == 27)
        {
            return () => cloud.AnswerIndexQuery(search.Query, doctor.Ref, sink);
        }
        var answer = cloud.AnswerIndexQuery(search.Query, doctor.Ref, sink);
        if (place == 36)
        {
            beforeDoctorBuilds();
        }
        var accessRequest = search.ReceiveIndexAnswer(answer);
        if (place == 36)
        {
            return () => hospital.ReceiveAccessRequest(accessRequest, doctor.Ref, sink);
        }
        var hospitalSide = hospital.ReceiveAccessRequest(accessRequest, doctor.Ref, sink);
        beforeDoctorBuilds();
        var recordRequest = search.ReceiveHospitalResponse(hospitalSide.Response);
        return () => hospitalSide.ReceiveRecordRequest(recordRequest);
    }
}
