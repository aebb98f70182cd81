using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// Issue 14, item 4: a doctor filing a diagnosis or the hospital (on its administrator's word) signs Label_S to restrict an
/// entry; the hospital verifies it at the named check, and its release filter withholds restricted entries unless the
/// patient's signed Scope_P names restricted data.
/// </summary>
public sealed class SensitivityLabelTests
{
    private const string Secret = "Moderate depressive episode; refer to psychiatry.";

    public static TheoryData<ProtocolProfile> Profiles => new(ProtocolProfile.Paper, ProtocolProfile.Hardened);

    [Fact]
    public void The_release_filter_withholds_restricted_entries_and_says_how_many_without_their_content()
    {
        var at = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var label = new SignedSensitivityLabel(new SensitivityLabel("p", "d", new byte[32], PartyRole.HospitalCloud, "HPC", 1), [1]);
        var record = new MedicalRecord("p", "d", [new RecordEntry(at, "HPC", "open"), new RecordEntry(at, "HPC", Secret, Label: label)]);

        var withheld = record.Release(releaseRestricted: false);
        var released = record.Release(releaseRestricted: true);

        Assert.Equal((1, 0), (withheld.Withheld, released.Withheld));
        Assert.DoesNotContain(Secret, withheld.Render());
        Assert.EndsWith("[1 restricted entry withheld: the authorization does not name restricted data]", withheld.Render());
        Assert.Equal(record.Render(), released.Render());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_diagnosis_the_doctor_restricts_is_verified_and_released_only_under_a_scope_that_names_restricted_data(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var first = new SessionTranscript("first");
        var (alice, chen) = (deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"]);
        var visit = new Visit(deployment, alice, chen, first, profile);
        visit.Consult("HR 70");
        visit.SearchRecord(World.Cardiology);

        visit.Diagnose(Secret, restricted: true);

        var filed = deployment.Hospitals["HPC-North"].FindRecord("patient-alice", World.Cardiology)!.Entries[^1];
        Assert.True(filed.Restricted);
        Assert.Equal((PartyRole.Doctor, "dr-chen"), (filed.Label!.Label.SignerRole, filed.Label.Label.SignerId));
        Assert.Contains(first.Events.OfType<VerificationEvent>(), v => v.Check == SensitivityLabel.Check && v.Passed && v.Verifier.Role == PartyRole.HospitalCloud);

        var (plain, plainChecks) = Search(deployment, alice, chen, profile, includeRestricted: false);
        Assert.Contains("stent", plain);
        Assert.DoesNotContain(Secret, plain);
        Assert.Contains("1 restricted entry withheld", plain);
        Assert.Equal("1 restricted entry withheld: Scope_P does not name restricted data", plainChecks.Single(v => v.Check == SensitivityLabel.ReleaseCheck).Reason);

        var (named, namedChecks) = Search(deployment, alice, chen, profile, includeRestricted: true);
        Assert.Contains(Secret, named);
        Assert.Equal("1 restricted entry released: Scope_P names restricted data", namedChecks.Single(v => v.Check == SensitivityLabel.ReleaseCheck).Reason);
    }

    [Fact]
    public void A_label_the_hospital_signs_verifies_and_names_only_its_entry()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var hospital = deployment.Hospitals["HPC-North"];

        var labeled = hospital.LabelEntry("patient-alice", World.Cardiology, 0);

        Assert.Null(hospital.CheckLabel(labeled.Label!, "patient-alice", World.Cardiology, labeled));
        Assert.True(hospital.FindRecord("patient-alice", World.Cardiology)!.Entries[0].Restricted);
        var other = hospital.FindRecord("patient-carol", World.Neurology)!.Entries[0];
        Assert.Equal("Label_S names another entry, patient or department", hospital.CheckLabel(labeled.Label!, "patient-carol", World.Neurology, other));
        Assert.Equal("Label_S names another entry, patient or department",
            hospital.CheckLabel(labeled.Label!, "patient-alice", World.Cardiology, labeled with { Text = "altered" }));
    }

    [Fact]
    public void A_forged_label_is_refused_whoever_it_claims_as_signer()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var hospital = deployment.Hospitals["HPC-North"];
        var entry = hospital.FindRecord("patient-alice", World.Cardiology)!.Entries[0];
        var digest = SensitivityLabel.DigestOf("patient-alice", World.Cardiology, entry);
        var byHospital = new SensitivityLabel("patient-alice", World.Cardiology, digest, PartyRole.HospitalCloud, "HPC-North", 1);
        var forger = new PrivateKey(Scalar.Random());

        Assert.Equal("Sig_L does not verify with the PUK of HPC-North",
            hospital.CheckLabel(new SignedSensitivityLabel(byHospital, forger.Sign(byHospital.Encode())), "patient-alice", World.Cardiology, entry));
        // A doctor's genuine signature restricts only the diagnosis that doctor wrote.
        var byDoctor = byHospital with { SignerRole = PartyRole.Doctor, SignerId = "dr-chen" };
        var signed = new SignedSensitivityLabel(byDoctor, deployment.Doctors["dr-chen"].RequireCredentials().Key.Sign(byDoctor.Encode()));
        Assert.Equal("dr-chen did not write this entry: a doctor labels only the diagnosis it files", hospital.CheckLabel(signed, "patient-alice", World.Cardiology, entry));
        var byPatient = byHospital with { SignerRole = PartyRole.Patient, SignerId = "patient-alice" };
        Assert.Equal("a label is signed by a doctor or a hospital private cloud",
            hospital.CheckLabel(new SignedSensitivityLabel(byPatient, [1]), "patient-alice", World.Cardiology, entry));
    }

    [Fact]
    public void A_filing_with_a_forged_label_is_refused_at_the_label_check_and_nothing_is_filed()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var (hospital, chen) = (deployment.Hospitals["HPC-North"], deployment.Doctors["dr-chen"]);
        var tD6 = deployment.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var key = RandomSource.GetBytes(SignedContents.CommitmentKeyLength);
        var sigD6 = chen.RequireCredentials().Key.Sign(SignedContents.Filing("patient-alice", World.Cardiology, SignedContents.DiagnosisCommitment(key, Secret), chen.Id, tD6));
        var entry = new RecordEntry(DateTimeOffset.FromUnixTimeMilliseconds(tD6), chen.Id, Secret);
        var label = new SensitivityLabel("patient-alice", World.Cardiology, SensitivityLabel.DigestOf("patient-alice", World.Cardiology, entry), PartyRole.Doctor, chen.Id, tD6);
        var forged = new SignedSensitivityLabel(label, new PrivateKey(Scalar.Random()).Sign(label.Encode()));
        var content = new FilingContent("patient-alice", World.Cardiology, Secret, key, chen.Id, chen.Certificate, tD6, sigD6, forged);
        var filing = new DiagnosisFiling(hospital.Id,
            PublicKeyCipher.Encrypt(hospital.RequireCredentials().PublicKey, content.Encode(), SignedContents.AssociatedData("C_D6", tD6)), tD6);

        var failure = Assert.Throws<ProtocolViolationException>(() => hospital.ReceiveFiling(filing, NullEventSink.Instance, ProtocolProfile.Paper)).FailedCheck;

        Assert.Equal((SensitivityLabel.Check, "Sig_L does not verify with the PUK of dr-chen"), (failure.Check, failure.Reason));
        Assert.Single(hospital.FindRecord("patient-alice", World.Cardiology)!.Entries);
    }

    [Fact]
    public void A_scope_names_restricted_data_only_with_its_optional_last_field_and_keeps_its_bytes_without_it()
    {
        var plain = new SearchScope("p", "d", ["cardiology"], 5);
        var named = new SearchScope("p", "d", ["cardiology"], 5, includesRestricted: true);

        Assert.Equal(new FieldWriter().Add("Scope_P").Add("p").Add("d").Add(1L).Add("cardiology").Add(5L).ToArray(), plain.Encode());
        Assert.Equal([.. plain.Encode(), .. new FieldWriter().Add("R").ToArray()], named.Encode());
        Assert.True(SearchScope.Decode(named.Encode()).IncludesRestricted);
        Assert.False(SearchScope.Decode(plain.Encode()).IncludesRestricted);
        Assert.Throws<MalformedMessageException>(() => SearchScope.Decode([.. plain.Encode(), .. new FieldWriter().Add("N").ToArray()]));
    }

    private static (string Record, IReadOnlyList<VerificationEvent> Checks) Search(Deployment deployment, Patient patient, Doctor doctor, ProtocolProfile profile,
        bool includeRestricted)
    {
        var transcript = new SessionTranscript("search");
        var visit = new Visit(deployment, patient, doctor, transcript, profile, includeRestricted: includeRestricted);
        visit.Consult("HR 72");
        return (visit.SearchRecord(World.Cardiology), transcript.Events.OfType<VerificationEvent>().ToList());
    }
}
