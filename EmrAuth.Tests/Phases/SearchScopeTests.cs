using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// Issue 11, finding 2: the patient's signed Scope_P limits which departments a visit may search. The public cloud
/// refuses a query outside it at Eq. 28, the hospital refuses a record request outside it at Eq. 46, and each checks
/// Sig_PS itself, so neither the doctor nor the public cloud can widen it.
/// </summary>
public sealed class SearchScopeTests
{
    public static TheoryData<ProtocolProfile> Profiles => new(ProtocolProfile.Paper, ProtocolProfile.Hardened);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_search_inside_the_scope_passes_the_named_check_at_the_doctor_the_public_cloud_and_the_hospital(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-huang"], transcript, profile, [World.Neurology, World.Cardiology]);
        visit.Consult("HR 70");

        var record = visit.SearchRecord(World.Cardiology);

        Assert.Contains("stent", record);
        var passed = transcript.Events.OfType<VerificationEvent>().Where(v => v.Check == SearchScope.Check && v.Passed).Select(v => (v.Verifier.Role, v.Equation)).Distinct();
        Assert.Equal([(PartyRole.Doctor, 15), (PartyRole.PublicCloud, 28), (PartyRole.HospitalCloud, 37), (PartyRole.HospitalCloud, 46)], passed);
        Assert.Equal([World.Cardiology, World.Neurology], visit.DoctorSide!.Scope.Departments);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_search_outside_the_scope_is_refused_by_the_public_cloud_at_Eq_28_before_the_index_is_read(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-huang"], new SessionTranscript("visit"), profile, [World.Neurology]);
        visit.Consult("HR 70");
        var index = deployment.Cloud.Index.MaskedRecords;

        var failure = Assert.Throws<ProtocolViolationException>(() => visit.SearchRecord(World.Cardiology)).FailedCheck;

        Assert.Equal((28, SearchScope.Check, PartyRole.PublicCloud), (failure.Equation, failure.Check, failure.Verifier.Role));
        Assert.Contains($"search {World.Neurology} only, not {World.Cardiology}", failure.Reason);
        Assert.Null(visit.Search!.MedicalRecord);
        Assert.Null(visit.Search.HospitalId);
        Assert.Equal(index, deployment.Cloud.Index.MaskedRecords);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_doctor_who_widens_the_scope_in_C_D2_is_refused_at_Sig_PS(ProtocolProfile profile)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var transcript = new SessionTranscript("visit");
        var doctor = deployment.Doctors["dr-huang"];
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], doctor, transcript, profile, [World.Neurology]);
        visit.Consult("HR 70");
        var chosen = visit.DoctorSide!.Scope;
        var widened = new SearchScope(chosen.PatientId, chosen.DoctorId, [World.Neurology, World.Cardiology], chosen.IssuedAt);
        // A genuine signature of the patient (Sig_P1 of this visit), but not over the widened scope.
        var signature = visit.PatientSide!.Request.Signature;
        var search = new DoctorEmrSearch(doctor, doctor.RequireCredentials(), transcript, "patient-alice", World.Cardiology, new SignedScope(widened, signature), profile);

        var failure = Assert.Throws<ProtocolViolationException>(() => deployment.Cloud.AnswerIndexQuery(search.Query, doctor.Ref, transcript, profile)).FailedCheck;

        Assert.Equal((28, SearchScope.Check), (failure.Equation, failure.Check));
        Assert.Equal("Sig_PS does not verify with the patient's PUK_P", failure.Reason);
    }

    [Theory]
    [InlineData("search-outside-scope", 28, PartyRole.PublicCloud)]
    [InlineData("record-outside-scope", 46, PartyRole.HospitalCloud)]
    [InlineData("cloud-widens-scope", 37, PartyRole.HospitalCloud)]
    public void The_attack_labs_scope_cases_stop_at_the_named_check_in_both_profiles(string attack, int equation, PartyRole verifier)
    {
        foreach (var profile in Enum.GetValues<ProtocolProfile>())
        {
            var outcome = Domain.Attacks.AttackCatalog.Run(attack, Domain.Attacks.LabTarget.Default, profile, ManualClock.StartingNow().GetUtcNow());

            var failed = outcome.Events.OfType<VerificationEvent>().Single(v => !v.Passed);
            Assert.Equal((equation, SearchScope.Check, verifier, Domain.Attacks.AttackVerdict.Stopped), (failed.Equation, failed.Check, failed.Verifier.Role, outcome.Verdict));
        }
    }

    [Fact]
    public void Scope_P_encodes_sorted_distinct_departments_and_the_decoder_takes_only_that_form()
    {
        var scope = new SearchScope("patient-alice", "dr-huang", ["neurology", "cardiology", "neurology"], 1_700_000_000_000);

        var decoded = SearchScope.Decode(scope.Encode());

        Assert.Equal(["cardiology", "neurology"], decoded.Departments);
        Assert.Equal(scope.Encode(), decoded.Encode());
        var unsorted = new FieldWriter().Add("Scope_P").Add("patient-alice").Add("dr-huang").Add(2L).Add("neurology").Add("cardiology").Add(1L).ToArray();
        Assert.Throws<MalformedMessageException>(() => SearchScope.Decode(unsorted));
        var empty = new FieldWriter().Add("Scope_P").Add("patient-alice").Add("dr-huang").Add(0L).Add(1L).ToArray();
        Assert.Throws<MalformedMessageException>(() => SearchScope.Decode(empty));
        Assert.Throws<ArgumentException>(() => new SearchScope("patient-alice", "dr-huang", [], 1));
    }

    /// <summary>The fuzzing crash: the constructor's refusal of a blank ID used to escape the receive step as an ArgumentException.</summary>
    [Theory]
    [InlineData("", "dr-huang", "cardiology")]
    [InlineData("patient-alice", "", "cardiology")]
    [InlineData("patient-alice", " ", "cardiology")]
    [InlineData("patient-alice", "dr-huang", " ")]
    public void A_Scope_P_with_a_blank_id_or_department_is_malformed(string patientId, string doctorId, string department)
    {
        var bytes = new FieldWriter().Add("Scope_P").Add(patientId).Add(doctorId).Add(1L).Add(department).Add(1L).ToArray();

        Assert.Throws<MalformedMessageException>(() => SearchScope.Decode(bytes));
        Assert.Throws<MalformedMessageException>(() => SignedScope.Decode(new FieldWriter().Add(bytes).Add(new byte[64]).ToArray()));
    }
}
