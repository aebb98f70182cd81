using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// Issue 14, item 3: the patient signs Delegation_P (and Revocation_G) with PRK_P; the public cloud registers them and
/// checks every delegate action at <see cref="PatientDelegation.Check"/>: registered, Sig_G under PUK_P, the named
/// delegate, not revoked, inside its window, the permission.
/// </summary>
public sealed class DelegationTests : IDisposable
{
    private readonly ManualClock _clock = ManualClock.StartingNow();
    private readonly Deployment _deployment;
    private readonly Patient _alice;

    public DelegationTests()
    {
        _deployment = World.Build(_clock);
        _alice = _deployment.Patients["patient-alice"];
    }

    public void Dispose() => _deployment.Dispose();

    private PublicCloud Cloud => _deployment.Cloud;

    private SignedDelegation Register(DelegatePermissions permissions = DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses, string delegateId = "bob")
    {
        var now = _clock.GetUtcNow();
        var (delegation, message) = _alice.SignDelegation(delegateId, DelegateRole.Guardian, permissions, now, now.AddDays(7));
        Cloud.RegisterDelegation(message, _alice.Ref, NullEventSink.Instance);
        return delegation;
    }

    private VerificationEvent Refused(SignedDelegation delegation, DelegatePermissions action, string delegateId = "bob") =>
        Assert.Throws<ProtocolViolationException>(() => Act(delegation, action, delegateId)).FailedCheck;

    private PatientDelegation Act(SignedDelegation delegation, DelegatePermissions action, string delegateId = "bob", IProtocolEventSink? sink = null)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return Cloud.ReceiveDelegateAction(new DelegateAction(delegation.Encode(), delegateId, action, _clock.GetUtcNow().ToUnixTimeMilliseconds()), sink ?? NullEventSink.Instance);
    }

    [Fact]
    public void A_registered_delegation_lets_its_delegate_act_within_its_permissions_and_the_check_is_recorded()
    {
        var delegation = Register();
        var transcript = new SessionTranscript("delegate");

        var used = Act(delegation, DelegatePermissions.StartVisits, sink: transcript);

        Assert.Equal(("patient-alice", "bob", DelegateRole.Guardian), (used.PatientId, used.DelegateId, used.Role));
        var checks = transcript.Events.OfType<VerificationEvent>().Where(v => v.Check == PatientDelegation.Check).ToList();
        Assert.True(checks.Count >= 5 && checks.All(c => c.Passed));
        Assert.Contains(checks, c => c.Reason.StartsWith("StartVisits allowed now", StringComparison.Ordinal));
    }

    [Fact]
    public void A_revoked_delegation_is_refused_at_once()
    {
        var delegation = Register();
        Act(delegation, DelegatePermissions.ReadDiagnoses);
        var (_, revocation) = _alice.RevokeDelegation(delegation.Delegation.Id);
        Cloud.RevokeDelegation(revocation, _alice.Ref, NullEventSink.Instance);

        var failure = Refused(delegation, DelegatePermissions.ReadDiagnoses);

        Assert.Equal(PatientDelegation.Check, failure.Check);
        Assert.StartsWith("the patient revoked this delegation at", failure.Reason);
        Assert.True(Cloud.IsDelegationRevoked(delegation.Delegation.Id));
    }

    [Fact]
    public void Outside_its_window_beyond_its_permissions_for_another_account_or_unregistered_a_delegation_is_refused()
    {
        var delegation = Register(DelegatePermissions.ReadDiagnoses);
        var now = _clock.GetUtcNow();
        var (unregistered, _) = _alice.SignDelegation("bob", DelegateRole.Proxy, DelegatePermissions.StartVisits, now, now.AddDays(1));

        Assert.Equal("the delegation does not allow StartVisits", Refused(delegation, DelegatePermissions.StartVisits).Reason);
        Assert.Equal("the delegation names bob, not carol", Refused(delegation, DelegatePermissions.ReadDiagnoses, "carol").Reason);
        Assert.Equal("this delegation was never registered at the public cloud", Refused(unregistered, DelegatePermissions.StartVisits).Reason);
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal("the delegation has expired", Refused(delegation, DelegatePermissions.ReadDiagnoses).Reason);
    }

    [Fact]
    public void A_delegation_or_revocation_not_signed_by_the_patient_is_refused_at_registration()
    {
        var now = _clock.GetUtcNow();
        var forged = PatientDelegation.New("patient-alice", "mallory", DelegateRole.Proxy, PatientDelegation.All, now.ToUnixTimeMilliseconds(),
            now.AddDays(1).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        var signed = new SignedDelegation(forged, new PrivateKey(Scalar.Random()).Sign(forged.Encode()));
        var message = new PatientStatement("Delegation_P, Sig_G", signed.Encode(), now.ToUnixTimeMilliseconds());

        var failure = Assert.Throws<ProtocolViolationException>(() => Cloud.RegisterDelegation(message, _alice.Ref, NullEventSink.Instance)).FailedCheck;
        Assert.Equal((PatientDelegation.Check, "Sig_G does not verify with the patient's PUK_P"), (failure.Check, failure.Reason));

        // bob cannot revoke alice's delegation: the revocation must come from (and be signed by) its patient.
        var delegation = Register();
        var (_, bobsRevocation) = _deployment.Patients["patient-bob"].RevokeDelegation(delegation.Delegation.Id);
        var refused = Assert.Throws<ProtocolViolationException>(() => Cloud.RevokeDelegation(bobsRevocation, _deployment.Patients["patient-bob"].Ref, NullEventSink.Instance));
        Assert.Equal("no delegation of this patient has this N_G", refused.FailedCheck.Reason);
        Assert.False(Cloud.IsDelegationRevoked(delegation.Delegation.Id));
    }

    [Fact]
    public void The_encodings_round_trip_and_refuse_malformed_input()
    {
        var delegation = Register();
        Assert.Equal(delegation.Encode(), SignedDelegation.Decode(delegation.Encode()).Encode());
        var revocation = new DelegationRevocation(delegation.Delegation.Id, "patient-alice", 5);
        Assert.Equal(revocation.Encode(), DelegationRevocation.Decode(revocation.Encode()).Encode());
        var bad = new FieldWriter().Add("Delegation_P").Add(new byte[16]).Add("p").Add("g").Add("Owner").Add(1L).Add(1L).Add(2L).Add(1L).ToArray();
        Assert.Throws<MalformedMessageException>(() => PatientDelegation.Decode(bad));
        var noPermission = new FieldWriter().Add("Delegation_P").Add(new byte[16]).Add("p").Add("g").Add("Proxy").Add(0L).Add(1L).Add(2L).Add(1L).ToArray();
        Assert.Throws<MalformedMessageException>(() => PatientDelegation.Decode(noPermission));
        Assert.Throws<ArgumentException>(() => PatientDelegation.New("p", "p", DelegateRole.Proxy, DelegatePermissions.StartVisits, 1, 2, 1));
    }

    [Theory]
    [InlineData("delegate-after-revocation", "the patient revoked this delegation at")]
    [InlineData("delegate-beyond-permissions", "the delegation does not allow StartVisits")]
    public void The_attack_labs_delegate_cases_stop_at_the_delegation_check_in_both_profiles(string attack, string reason)
    {
        foreach (var profile in Enum.GetValues<ProtocolProfile>())
        {
            var outcome = AttackCatalog.Run(attack, LabTarget.Default, profile, _clock.GetUtcNow());

            Assert.Equal(AttackVerdict.Stopped, outcome.Verdict);
            Assert.Equal((PatientDelegation.Check, PartyRole.PublicCloud), (outcome.FailedCheck!.Check, outcome.FailedCheck.Verifier.Role));
            Assert.StartsWith(reason, outcome.FailedCheck.Reason);
        }
    }
}
