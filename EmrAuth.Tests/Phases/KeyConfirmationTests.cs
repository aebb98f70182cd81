using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// The hardened profile's key confirmation (docs/protocol.md#g-no-forward-secrecy): a responder whose Tag_D1 or Tag_HPC1 does not match the key and
/// transcript the receiver derives is refused at the named check, and the receiver's state does not move.
/// The responses below are made by the genuine responder (valid signature, encrypted to the receiver): only the tag is wrong.
/// </summary>
public sealed class KeyConfirmationTests
{
    private static InterceptedVisit Hardened(VisitScene scene) =>
        scene.Visit("patient-alice", "dr-chen", World.Cardiology, profile: ProtocolProfile.Hardened);

    public static TheoryData<string> WrongTags => new() { "flipped", "wrong SEK", "short" };

    [Theory]
    [MemberData(nameof(WrongTags))]
    public void A_Tag_D1_that_does_not_match_is_refused_at_the_key_confirmation_check_and_the_genuine_response_still_completes(string how)
    {
        using var scene = new VisitScene();
        var run = Hardened(scene).RunUntil(Hop.C_D1);
        var genuine = (ConsultationResponse)run.Pending;
        var doctor = run.Doctor;
        var key = doctor.Credentials!.Key;
        var content = ConfirmedResponseContent.Decode(PlaintextPadding.Unpad(PublicKeyCipher.Decrypt(run.Patient.Credentials!.Key, genuine.Ciphertext, SignedContents.AssociatedData("C_D1", genuine.SentAt))));
        var tag = WrongTag(how, content.Tag, "Tag_D1");
        var forged = content with { Tag = tag };
        var pk = doctor.Bulletin.MasterPublicKey;
        var response = new ConsultationResponse(
            PublicKeyCipher.Encrypt(run.Patient.Credentials.PublicKey, PlaintextPadding.Pad(forged.Encode()), SignedContents.AssociatedData("C_D1", genuine.SentAt)),
            key.Sign(HardenedContents.ConsultationResponse(RP2(run), content.RD2, content.DoctorId, content.TD1, content.Certificate, tag, pk)),
            genuine.SentAt);
        var before = run.Snapshot();

        var refused = Assert.Throws<ProtocolViolationException>(() => run.Receive(Hop.C_D1, response));

        Assert.Equal((22, KeyConfirmationCheck.Consultation), (refused.FailedCheck.Equation, refused.FailedCheck.Check));
        Assert.Equal(before, run.Snapshot());
        Assert.False(run.PatientSide!.EphemeralErased);
        run.RunToEnd();
        run.AssertHonestOutcome();
        Assert.True(run.PatientSide.EphemeralErased);
    }

    [Theory]
    [MemberData(nameof(WrongTags))]
    public void A_Tag_HPC1_that_does_not_match_is_refused_at_the_key_confirmation_check_and_the_genuine_response_still_completes(string how)
    {
        using var scene = new VisitScene();
        var run = Hardened(scene).RunUntil(Hop.C_HPC1);
        var genuine = (HospitalAccessResponse)run.Pending;
        var hospital = run.Hospital;
        var doctorKey = run.Doctor.Credentials!.Key;
        var content = ConfirmedAccessResponseContent.Decode(PlaintextPadding.Unpad(PublicKeyCipher.Decrypt(doctorKey, genuine.Ciphertext, SignedContents.AssociatedData("C_HPC1", genuine.SentAt))));
        var tag = WrongTag(how, content.Tag, "Tag_HPC1");
        var forged = content with { Tag = tag };
        var accessRequest = run.Delivered.OfType<HospitalAccessRequest>().Single();
        var rD3 = HospitalAccessContent.Decode(PlaintextPadding.Unpad(PublicKeyCipher.Decrypt(hospital.Credentials!.Key, accessRequest.Ciphertext,
            SignedContents.AssociatedData("C_D3", accessRequest.SentAt)))).RD3;
        var response = new HospitalAccessResponse(
            PublicKeyCipher.Encrypt(doctorKey.PublicKey, PlaintextPadding.Pad(forged.Encode()), SignedContents.AssociatedData("C_HPC1", genuine.SentAt)),
            hospital.Credentials.Key.Sign(HardenedContents.HospitalAccessResponse(hospital.Bulletin.MasterPublicKey, content.THPC1, content.HospitalId, rD3, content.RHPC2, tag)),
            genuine.SentAt);
        var before = run.Snapshot();

        var refused = Assert.Throws<ProtocolViolationException>(() => run.Receive(Hop.C_HPC1, response));

        Assert.Equal((44, KeyConfirmationCheck.EmrSearch), (refused.FailedCheck.Equation, refused.FailedCheck.Check));
        Assert.Equal(before, run.Snapshot());
        run.RunToEnd();
        run.AssertHonestOutcome();
        Assert.True(run.Search!.EphemeralErased);
    }

    [Fact]
    public void A_hardened_request_received_as_a_paper_one_fails_at_Eq_14_so_a_downgrade_is_refused()
    {
        using var scene = new VisitScene();
        var run = Hardened(scene).RunUntil(Hop.C_P1);
        var request = (ConsultationRequest)run.Pending;

        var refused = Assert.Throws<ProtocolViolationException>(() =>
            run.Doctor.ReceiveConsultationRequest(request, run.Patient.Ref, run.Transcript, ProtocolProfile.Paper));

        // The padded plaintext does not parse as the paper's C_P1 (Eq. 14); were it to, Sig_P1's profile label fails Eq. 15.
        Assert.Equal(14, refused.FailedCheck.Equation);
        run.RunToEnd();
        run.AssertHonestOutcome();
    }

    [Fact]
    public void A_paper_response_cannot_complete_a_hardened_consultation()
    {
        using var scene = new VisitScene();
        var hardened = Hardened(scene).RunUntil(Hop.C_D1);
        var paper = scene.Visit("patient-alice", "dr-chen", World.Cardiology, profile: ProtocolProfile.Paper).RunUntil(Hop.C_D1);

        var refused = Assert.Throws<ProtocolViolationException>(() => hardened.Receive(Hop.C_D1, paper.Pending));

        // The paper's C_D1 is not padded, so it does not open as a hardened one (Eq. 20); were it padded, it would parse
        // (SEK_1 and Tag_D1 are both 32 bytes) and Sig_D1's profile label would stop it at Eq. 21.
        Assert.Equal(20, refused.FailedCheck.Equation);
        hardened.RunToEnd();
        hardened.AssertHonestOutcome();
    }

    private static byte[] WrongTag(string how, byte[] tag, string name) => how switch
    {
        "flipped" => Flip.MiddleByte.Apply(tag),
        "wrong SEK" => KeyConfirmation.Tag(SessionKey.FromBytes(new byte[KeyDerivation.SessionKeyLength]), name, []),
        _ => tag[..16],
    };

    private static CurvePoint RP2(InterceptedVisit run) =>
        ConsultationRequestContent.Decode(PlaintextPadding.Unpad(PublicKeyCipher.Decrypt(run.Doctor.Credentials!.Key, run.PatientSide!.Request.Ciphertext,
            SignedContents.AssociatedData("C_P1", run.PatientSide.Request.SentAt)))).RP2;
}
