using System.Text;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Registry;

/// <summary>
/// Issuance without escrow (docs/protocol.md#g-key-escrow): the requester contributes k_U, the public cloud returns w, the requester's
/// S_X = k_U + w satisfies the paper's equation S_X·P = R_X + e_X·PK, and nothing the public cloud holds is S_X.
/// </summary>
public sealed class EscrowFreeIssuanceTests
{
    private static Patient NewPatient(Deployment deployment, string id = "patient-new") =>
        new(id, Encoding.UTF8.GetBytes(id + "-template"), deployment.Cloud.Bulletin, deployment.Clock, deployment.Options);

    [Fact]
    public void The_issued_key_verifies_with_the_papers_equation_and_both_sides_record_the_issuance()
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var patient = NewPatient(deployment);
        var transcript = new SessionTranscript("registration");

        patient.CompleteRegistration(deployment.Cloud.Register(patient.RequestEscrowFreeRegistration(), transcript), transcript);

        var registered = deployment.Cloud.FindRegistered(PartyRole.Patient, patient.Id)!;
        var rebuilt = ImplicitCertificate.PublicPoint(ImplicitCertificate.IssuanceHash(patient.Id, registered.IssuanceExtra, registered.R), registered.R, deployment.Cloud.MasterPublicKey);
        Assert.True(CurvePoint.MultiplyGenerator(patient.LeakLongTermKey()).SameAs(rebuilt));
        Assert.Equal((KeyIssuance.EscrowFree, KeyIssuance.EscrowFree), (patient.Credentials!.Issuance, registered.Issuance));
        var check = Assert.Single(transcript.Verifications, v => v.Equation == 4);
        Assert.Equal(("(k_U + w)·P = R + e·PK", true), (check.Check, check.Passed));
        Assert.Contains(transcript.Messages, m => m.Parts.Any(p => p.Name == "R_U"));
    }

    [Fact]
    public void What_the_public_cloud_stores_and_sends_is_not_the_key_and_gives_a_different_public_key()
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var patient = NewPatient(deployment);
        var request = patient.RequestEscrowFreeRegistration();
        var grant = deployment.Cloud.Register(request, NullEventSink.Instance);
        patient.CompleteRegistration(grant, NullEventSink.Instance);
        var registered = deployment.Cloud.FindRegistered(PartyRole.Patient, patient.Id)!;
        var publicKey = patient.Credentials!.PublicKey.Point;

        // The public cloud keeps no S, and its own output w (what an escrowing issuer would call S_X) is not the key.
        Assert.Null(registered.S);
        Assert.Null(registered.ExportIssuedScalarForSealedStorage());
        Assert.False(grant.S.SameAs(patient.LeakLongTermKey()));
        Assert.False(CurvePoint.MultiplyGenerator(grant.S).SameAs(publicKey));
        // S_X − w = k_U, the discrete logarithm of R_U, which only the patient ever had.
        Assert.True(CurvePoint.MultiplyGenerator(patient.LeakLongTermKey().Add(grant.S.Multiply(MinusOne))).SameAs(request.RequesterPoint!));
    }

    [Fact]
    public void An_escrowed_registration_still_leaves_S_with_the_public_cloud()
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var patient = NewPatient(deployment);

        Deployment.Register(deployment.Cloud, patient, NullEventSink.Instance);

        var registered = deployment.Cloud.FindRegistered(PartyRole.Patient, patient.Id)!;
        Assert.Equal(KeyIssuance.Escrowed, registered.Issuance);
        Assert.True(registered.S!.SameAs(patient.LeakLongTermKey()));
    }

    [Fact]
    public void An_altered_reconstruction_value_is_refused_at_Eq_4_and_leaves_the_party_unregistered()
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var patient = NewPatient(deployment);
        var grant = deployment.Cloud.Register(patient.RequestEscrowFreeRegistration(), NullEventSink.Instance);

        var refused = Assert.Throws<ProtocolViolationException>(() =>
            patient.CompleteRegistration(grant with { S = grant.S.Add(Scalar.FromBytes(One)) }, NullEventSink.Instance));

        Assert.Equal((4, false), (refused.FailedCheck.Equation, patient.IsRegistered));
        patient.CompleteRegistration(grant, NullEventSink.Instance);
        Assert.True(patient.IsRegistered);
    }

    [Fact]
    public void An_escrow_free_grant_the_party_never_asked_for_is_refused()
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var patient = NewPatient(deployment);
        var grant = deployment.Cloud.Register(patient.RequestRegistration(), NullEventSink.Instance);

        var refused = Assert.Throws<ProtocolViolationException>(() =>
            patient.CompleteRegistration(grant with { Issuance = KeyIssuance.EscrowFree }, NullEventSink.Instance));

        Assert.Equal("k_U held (escrow-free issuance)", refused.FailedCheck.Check);
    }

    [Fact]
    public void A_paper_profile_search_by_an_escrow_free_doctor_is_refused_at_Eq_28_because_the_cloud_cannot_check_Sig_D2()
    {
        using var deployment = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = ProtocolProfile.Hardened });
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"], NullEventSink.Instance, ProtocolProfile.Paper);
        visit.Consult("HR 70");

        var refused = Assert.Throws<ProtocolViolationException>(() => visit.SearchRecord(World.Cardiology));

        Assert.Equal((28, "S_D known to the public cloud (paper profile)"), (refused.FailedCheck.Equation, refused.FailedCheck.Check));
    }

    private static readonly byte[] One = [.. new byte[31], 1];

    private static readonly Scalar MinusOne = Scalar.FromBytes(Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550"));
}
