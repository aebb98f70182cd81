using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// Issue 14, consent grants: a doctor searches outside any consultation under a patient-signed grant; the public cloud
/// and the hospital each verify the grant under named checks, and a revocation stops a search even mid-way.
/// </summary>
public sealed class ConsentGrantTests
{
    public static TheoryData<ProtocolProfile> Profiles => new(ProtocolProfile.Paper, ProtocolProfile.Hardened);

    private static SignedGrant Grant(Deployment deployment, GranteeKind kind, string grantee, string[]? departments = null, PurposeOfUse purpose = PurposeOfUse.Treatment)
    {
        var now = deployment.Clock.GetUtcNow();
        return deployment.Patients["patient-alice"].SignGrant(kind, grantee, purpose, departments ?? [World.Cardiology], false, now.AddMinutes(-1), now.AddDays(7));
    }

    private static string Search(Deployment deployment, string doctorId, SignedGrant grant, SessionTranscript transcript, ProtocolProfile profile,
        string department = World.Cardiology, PurposeOfUse purpose = PurposeOfUse.Treatment) =>
        deployment.Doctors[doctorId].BeginGrantSearch(grant, department, purpose, transcript, profile).Run(deployment.Cloud, deployment.Hospitals);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_doctor_named_by_a_grant_reads_the_record_and_both_clouds_pass_every_grant_check(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("grant");

        var record = Search(deployment, "dr-chen", Grant(deployment, GranteeKind.Doctor, "dr-chen"), transcript, profile);

        Assert.Contains("stent", record);
        var checks = transcript.Events.OfType<VerificationEvent>().Where(v => v.Check.StartsWith("Consent grant", StringComparison.Ordinal)).ToList();
        Assert.All(checks, c => Assert.True(c.Passed));
        foreach (var verifier in new[] { PartyRole.PublicCloud, PartyRole.HospitalCloud })
        {
            Assert.Equal(
                new[] { GrantChecks.Signature, GrantChecks.Grantee, GrantChecks.Category, GrantChecks.Purpose, GrantChecks.Window, GrantChecks.NotRevoked }.Order(),
                checks.Where(c => c.Verifier.Role == verifier).Select(c => c.Check).Distinct().Order());
        }
        Assert.Equal(["C_G1, Sig_G1, T_G1", "C_G2, Sig_G2, T_G2", "C_G3, Sig_G3, T_G3", "C_G4, Sig_G4, T_G4"],
            transcript.Events.OfType<MessageEvent>().Select(m => m.Name));
        // M_EMR crosses the network only inside C_G4, encrypted to PUK_D.
        Assert.DoesNotContain(transcript.Events.OfType<MessageEvent>().SelectMany(m => m.Parts),
            p => p.Bytes is not null && System.Text.Encoding.UTF8.GetString(p.Bytes).Contains("stent", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_department_grant_covers_its_doctors_and_a_hospital_grant_covers_only_the_hospital_it_names(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("grant");

        Assert.Contains("stent", Search(deployment, "dr-deng", Grant(deployment, GranteeKind.Department, World.Cardiology), transcript, profile));
        Assert.Contains("stent", Search(deployment, "dr-huang", Grant(deployment, GranteeKind.Hospital, "HPC-North"), transcript, profile));
        var neurologist = Assert.Throws<ProtocolViolationException>(() =>
            Search(deployment, "dr-huang", Grant(deployment, GranteeKind.Department, World.Cardiology), transcript, profile)).FailedCheck;
        var otherHospital = Assert.Throws<ProtocolViolationException>(() =>
            Search(deployment, "dr-huang", Grant(deployment, GranteeKind.Hospital, "HPC-South"), transcript, profile)).FailedCheck;

        Assert.Equal((GrantChecks.Grantee, PartyRole.PublicCloud), (neurologist.Check, neurologist.Verifier.Role));
        Assert.Equal((GrantChecks.Grantee, PartyRole.PublicCloud), (otherHospital.Check, otherHospital.Verifier.Role));
        Assert.Contains("record is at HPC-North", otherHospital.Reason);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_department_outside_the_grant_or_another_purpose_is_refused_before_the_index_is_read(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var grant = Grant(deployment, GranteeKind.Doctor, "dr-chen");
        var index = deployment.Cloud.Index.MaskedRecords;

        var department = Assert.Throws<ProtocolViolationException>(() =>
            Search(deployment, "dr-chen", grant, new SessionTranscript("g"), profile, World.Neurology)).FailedCheck;
        var purpose = Assert.Throws<ProtocolViolationException>(() =>
            Search(deployment, "dr-chen", grant, new SessionTranscript("g"), profile, purpose: PurposeOfUse.SecondOpinion)).FailedCheck;

        Assert.Equal(GrantChecks.Category, department.Check);
        Assert.Equal(GrantChecks.Purpose, purpose.Check);
        Assert.Equal(index, deployment.Cloud.Index.MaskedRecords);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_revocation_that_lands_between_the_cloud_step_and_the_hospital_step_stops_the_search_at_the_hospital(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("grant");
        var grant = Grant(deployment, GranteeKind.Doctor, "dr-chen");
        var search = deployment.Doctors["dr-chen"].BeginGrantSearch(grant, World.Cardiology, PurposeOfUse.Treatment, transcript, profile);
        var request = search.ReceiveAnswer(deployment.Cloud.AnswerGrantQuery(search.Query, deployment.Doctors["dr-chen"].Ref, transcript, profile));

        deployment.Patients["patient-alice"].Revoke(grant.Grant.GrantId, deployment.Cloud, deployment.Hospitals, transcript, profile);
        var failure = Assert.Throws<ProtocolViolationException>(() =>
            deployment.Hospitals["HPC-North"].ReceiveGrantAccess(request, deployment.Doctors["dr-chen"].Ref, transcript, profile)).FailedCheck;

        Assert.Equal((GrantChecks.NotRevoked, PartyRole.HospitalCloud), (failure.Check, failure.Verifier.Role));
        Assert.Null(search.MedicalRecord);
        Assert.True(deployment.Cloud.ConsentRevocations.IsRevoked("patient-alice", grant.Grant.GrantId));
        Assert.All(deployment.Hospitals.Values, h => Assert.True(h.ConsentRevocations.IsRevoked("patient-alice", grant.Grant.GrantId)));
        Assert.Contains(transcript.Events.OfType<VerificationEvent>(), v => v.Check == GrantChecks.RevocationSignature && v.Passed && v.Verifier.Role == PartyRole.HospitalCloud);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_public_cloud_that_vouches_a_forged_grant_is_caught_by_the_hospital(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("grant");
        var genuine = Grant(deployment, GranteeKind.Doctor, "dr-chen");
        // The cloud's operator (PRK_C) and the doctor collude: the doctor asks with the genuine grant, then sends the hospital
        // a widened one, which the operator vouches for.
        var doctor = deployment.Doctors["dr-chen"];
        var search = doctor.BeginGrantSearch(genuine, World.Cardiology, PurposeOfUse.Treatment, transcript, profile);
        search.ReceiveAnswer(deployment.Cloud.AnswerGrantQuery(search.Query, doctor.Ref, transcript, profile));
        var g = genuine.Grant;
        var widened = new SignedGrant(new ConsentGrant(g.GrantId, g.PatientId, g.GranteeKind, g.GranteeId, g.Purpose, [], true, g.NotBefore, g.NotAfter, g.IssuedAt),
            genuine.Signature);
        using var cloudKey = new PrivateKey(Scalar.FromBytes(deployment.Cloud.ExportOwnKeyForSealedStorage()));
        var patientKey = deployment.Patients["patient-alice"].Credentials!.PublicKey.Point;
        var t = deployment.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var vouch = new GrantVouch(patientKey, t, cloudKey.Sign(GrantVouch.Vouched("HPC-North", "dr-chen", patientKey, widened, t)));
        var forged = doctor.BeginGrantSearch(widened, World.Cardiology, PurposeOfUse.Treatment, transcript, profile);
        var content = new GrantAccessContent(doctor.Certificate, doctor.Id, doctor.Credentials!.R, "patient-alice", World.Cardiology, PurposeOfUse.Treatment, widened, vouch, t);
        var hospitalKey = deployment.Hospitals["HPC-North"].Credentials!.PublicKey;
        var padded = profile == ProtocolProfile.Hardened ? PlaintextPadding.Pad(content.Encode()) : content.Encode();
        using var doctorKey = new PrivateKey(Scalar.FromBytes(doctor.Credentials.ExportScalarForSealedStorage()));
        var request = new GrantAccessRequest(PublicKeyCipher.Encrypt(hospitalKey, padded, SignedContents.AssociatedData("C_G3", t)),
            doctorKey.Sign(ConsentContents.GrantAccess("HPC-North", "patient-alice", "dr-chen", World.Cardiology, PurposeOfUse.Treatment, widened, t, profile)), t);

        var failure = Assert.Throws<ProtocolViolationException>(() => deployment.Hospitals["HPC-North"].ReceiveGrantAccess(request, doctor.Ref, transcript, profile)).FailedCheck;

        Assert.Equal((GrantChecks.Signature, PartyRole.HospitalCloud), (failure.Check, failure.Verifier.Role));
        Assert.Null(forged.MedicalRecord);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_restricted_entry_is_released_only_under_a_grant_that_names_restricted_data(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        deployment.Hospitals["HPC-North"].LabelEntry("patient-alice", World.Cardiology, 0);
        var alice = deployment.Patients["patient-alice"];
        var now = deployment.Clock.GetUtcNow();
        var plain = alice.SignGrant(GranteeKind.Doctor, "dr-chen", PurposeOfUse.Treatment, [World.Cardiology], false, now.AddMinutes(-1), now.AddDays(1));
        var named = alice.SignGrant(GranteeKind.Doctor, "dr-chen", PurposeOfUse.Treatment, [World.Cardiology], true, now.AddMinutes(-1), now.AddDays(1));
        var transcript = new SessionTranscript("grant");

        var withheld = Search(deployment, "dr-chen", plain, transcript, profile);
        var released = Search(deployment, "dr-chen", named, transcript, profile);

        Assert.DoesNotContain("stent", withheld);
        Assert.Contains("1 restricted entry withheld", withheld);
        Assert.Contains("stent", released);
        Assert.Equal(2, transcript.Events.OfType<VerificationEvent>().Count(v => v.Check == SensitivityLabel.ReleaseCheck && v.Verifier.Role == PartyRole.HospitalCloud));
    }

    [Fact]
    public void A_revocation_signed_by_another_patient_is_refused_and_changes_nothing()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var grant = Grant(deployment, GranteeKind.Doctor, "dr-chen");
        var bob = deployment.Patients["patient-bob"];
        var request = bob.RequestRevocation(grant.Grant.GrantId);

        // Bob's own revocation names Bob: sent as Alice it is refused; nothing is revoked for Alice.
        var failure = Assert.Throws<ProtocolViolationException>(() =>
            deployment.Cloud.AcceptRevocation(request, deployment.Patients["patient-alice"].Ref, deployment.Hospitals.Keys, new SessionTranscript("r"))).FailedCheck;

        Assert.Equal(GrantChecks.RevocationSignature, failure.Check);
        Assert.Equal(0, deployment.Cloud.ConsentRevocations.Count);
    }

    [Fact]
    public void Grant_P_round_trips_and_the_decoder_refuses_non_canonical_or_malformed_input()
    {
        var grant = new ConsentGrant("g1", "patient-alice", GranteeKind.Department, World.Cardiology, PurposeOfUse.SecondOpinion, ["b", "a"], true, 1000, 2000, 900);
        var encoded = grant.Encode();

        var decoded = ConsentGrant.Decode(encoded);

        Assert.Equal(encoded, decoded.Encode());
        Assert.Equal(["a", "b"], decoded.Departments);
        Assert.True(decoded.IncludesRestricted);
        Assert.Throws<MalformedMessageException>(() => ConsentGrant.Decode(encoded[..^1]));
        Assert.Throws<MalformedMessageException>(() => ConsentGrant.Decode([.. encoded, 0]));
        var unsorted = new FieldWriter().Add("Grant_P v1").Add("g1").Add("patient-alice").Add("Department").Add(World.Cardiology).Add("SecondOpinion").Add(2L).Add("b").Add("a")
            .Add(1L).Add(1000L).Add(2000L).Add(900L).ToArray();
        Assert.Throws<MalformedMessageException>(() => ConsentGrant.Decode(unsorted));
        var numericKind = new FieldWriter().Add("Grant_P v1").Add("g1").Add("patient-alice").Add("1").Add(World.Cardiology).Add("Treatment").Add(0L).Add(0L).Add(1000L)
            .Add(2000L).Add(900L).ToArray();
        Assert.Throws<MalformedMessageException>(() => ConsentGrant.Decode(numericKind));
        var backwards = new FieldWriter().Add("Grant_P v1").Add("g1").Add("patient-alice").Add("Doctor").Add("dr-chen").Add("Treatment").Add(0L).Add(0L).Add(2000L)
            .Add(1000L).Add(900L).ToArray();
        Assert.Throws<MalformedMessageException>(() => ConsentGrant.Decode(backwards));
        Assert.Throws<ArgumentException>(() => new ConsentGrant("g", "p", GranteeKind.Doctor, "d", PurposeOfUse.Treatment, [], false, 0, (long)TimeSpan.FromDays(400).TotalMilliseconds, 0));
    }
}
