using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Parties;

/// <summary>A host that restarts rebuilds every party from its sealed storage and can run visits again.</summary>
public class RestoreTests
{
    public static TheoryData<ProtocolProfile> Profiles => new(Enum.GetValues<ProtocolProfile>());

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_deployment_rebuilt_from_exported_state_completes_a_visit(ProtocolProfile profile)
    {
        var clock = ManualClock.StartingNow();
        using var original = World.Build(clock, new ProtocolOptions { Profile = profile });
        var options = original.Options;

        using var authority = new MedicalAuthority("MA", clock, new Domain.Crypto.PrivateKey(Domain.Crypto.Scalar.FromBytes(original.Authority.ExportSigningKeyForSealedStorage())));
        authority.Restore(original.Authority.IssuedSerials, original.Authority.RevocationList.Revocations);
        using var cloud = new PublicCloud("PC", authority, clock, options,
            Domain.Crypto.Scalar.FromBytes(original.Cloud.ExportMasterSecretForSealedStorage()),
            new Domain.Crypto.PrivateKey(Domain.Crypto.Scalar.FromBytes(original.Cloud.ExportOwnKeyForSealedStorage())));
        cloud.RestoreRegistrations(original.Cloud.RegisteredParties.Select(p => (p, p.ExportIssuedScalarForSealedStorage())));
        foreach (var (key, masked) in original.Cloud.Index.MaskedRecords)
        {
            cloud.Index.Restore(key, masked);
        }
        var source = original.Patients["patient-bob"];
        using var patient = Patient.FromBiometricPassword(source.Id, source.ExportBiometricPasswordForSealedStorage(), cloud.Bulletin, clock, options);
        patient.RestoreCredentials(source.Credentials!.R, source.Credentials.ExportScalarForSealedStorage(), source.Credentials.Issuance);
        var doctorSource = original.Doctors["dr-deng"];
        using var doctor = new Doctor(doctorSource.Id, doctorSource.Certificate, cloud.Bulletin, clock, options);
        doctor.RestoreCredentials(doctorSource.Credentials!.R, doctorSource.Credentials.ExportScalarForSealedStorage(), doctorSource.Credentials.Issuance);
        var hospitalSource = original.Hospitals["HPC-South"];
        using var hospital = new HospitalCloud(hospitalSource.Id, cloud.Bulletin, clock, options);
        hospital.RestoreCredentials(hospitalSource.Credentials!.R, hospitalSource.Credentials.ExportScalarForSealedStorage(), hospitalSource.Credentials.Issuance);
        foreach (var stored in hospitalSource.Records)
        {
            hospital.RestoreRecord(stored);
        }

        Assert.True(cloud.MasterPublicKey.SameAs(original.Cloud.MasterPublicKey));
        var transcript = new SessionTranscript("after-restart");
        var patientSide = patient.BeginConsultation(doctor.Id, transcript);
        var doctorSide = doctor.ReceiveConsultationRequest(patientSide.Request, patient.Ref, transcript);
        Assert.Equal((profile, profile), (patientSide.Profile, doctorSide.Profile));
        Assert.Equal(profile == ProtocolProfile.Hardened ? KeyIssuance.EscrowFree : KeyIssuance.Escrowed, doctor.Credentials!.Issuance);
        patientSide.ReceiveResponse(doctorSide.Accept());
        doctorSide.ReceiveReadings(patientSide.SendReadings("HR 70"));
        var search = doctorSide.BeginEmrSearch(World.Cardiology);
        var access = hospital.ReceiveAccessRequest(search.ReceiveIndexAnswer(cloud.AnswerIndexQuery(search.Query, doctor.Ref, transcript)), doctor.Ref, transcript);
        var record = search.ReceiveRecord(access.ReceiveRecordRequest(search.ReceiveHospitalResponse(access.Response)));

        Assert.Contains("ACE inhibitor", record);
        Assert.All(transcript.Verifications, v => Assert.True(v.Passed, v.Reason));
    }

    [Fact]
    public void Corrupted_stored_credentials_are_refused_at_the_registration_check()
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var source = deployment.Doctors["dr-chen"];
        using var doctor = new Doctor(source.Id, source.Certificate, deployment.Cloud.Bulletin, clock, deployment.Options);
        var corrupted = source.Credentials!.ExportScalarForSealedStorage();
        corrupted[^1] ^= 1;

        var refused = Assert.Throws<ProtocolViolationException>(() => doctor.RestoreCredentials(source.Credentials.R, corrupted));

        Assert.Equal(10, refused.FailedCheck.Equation);
        Assert.False(doctor.IsRegistered);
    }
}
