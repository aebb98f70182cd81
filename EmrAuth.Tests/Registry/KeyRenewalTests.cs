using System.Text;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Registry;

/// <summary>
/// Renewing an escrowed party's keys without escrow: the escrow-free registration runs again for the same identity, the
/// public cloud forgets the escrowed S_X, and the party then runs a hardened visit with keys the cloud never held.
/// </summary>
public sealed class KeyRenewalTests
{
    private static (Patient Patient, Doctor Doctor) Renewed(Deployment deployment, SessionTranscript transcript)
    {
        var (patient, doctor) = (deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"]);
        Deployment.RenewWithoutEscrow(deployment.Cloud, patient, transcript);
        Deployment.RenewWithoutEscrow(deployment.Cloud, doctor, transcript);
        return (patient, doctor);
    }

    [Fact]
    public void An_escrowed_party_renews_without_escrow_and_the_public_cloud_no_longer_holds_its_key()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var escrowed = deployment.Cloud.FindRegistered(PartyRole.Doctor, "dr-chen")!;
        Assert.Equal(KeyIssuance.Escrowed, escrowed.Issuance);
        var transcript = new SessionTranscript("renewal");

        var (patient, doctor) = Renewed(deployment, transcript);

        foreach (var (role, party) in new (PartyRole, Participant)[] { (PartyRole.Patient, patient), (PartyRole.Doctor, doctor) })
        {
            var registered = deployment.Cloud.FindRegistered(role, party.Id)!;
            Assert.Equal((KeyIssuance.EscrowFree, KeyIssuance.EscrowFree), (registered.Issuance, party.Credentials!.Issuance));
            Assert.Null(registered.ExportIssuedScalarForSealedStorage());
            Assert.True(registered.R.SameAs(party.Credentials.R));
        }
        Assert.False(escrowed.R.SameAs(doctor.Credentials!.R));
        // The directory now lists the renewed R_D, so every verifier rebuilds the new PUK_D.
        Assert.True(deployment.Cloud.Directory.Find("dr-chen", PartyRole.Doctor)!.R.SameAs(doctor.Credentials.R));
        Assert.Contains(transcript.Verifications, v => v.Check == "Issued with escrow (renewal)" && v.Passed);
        Assert.Contains(transcript.Verifications, v => v.Equation == 10 && v.Check == "(k_U + w)·P = R + e·PK" && v.Passed);
    }

    [Fact]
    public void After_renewal_a_hardened_visit_runs_and_the_public_cloud_can_no_longer_answer_as_the_doctor()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var (patient, doctor) = Renewed(deployment, new SessionTranscript("renewal"));
        var transcript = new SessionTranscript("visit");

        var visit = new Visit(deployment, patient, doctor, transcript, ProtocolProfile.Hardened);
        visit.Consult("HR 70");
        Assert.Contains("stent", visit.SearchRecord(World.Cardiology));
        Assert.Equal("Stable.", visit.Diagnose("Stable."));

        Assert.DoesNotContain(transcript.Verifications, v => !v.Passed);
        // The paper's profile needs S_D at the public cloud (Eq. 28), which it no longer has.
        var paper = new Visit(deployment, patient, doctor, new SessionTranscript("paper"), ProtocolProfile.Paper);
        paper.Consult("HR 70");
        var refused = Assert.Throws<ProtocolViolationException>(() => paper.SearchRecord(World.Cardiology));
        Assert.Equal((28, "S_D known to the public cloud (paper profile)"), (refused.FailedCheck.Equation, refused.FailedCheck.Check));
    }

    [Fact]
    public void A_renewal_is_refused_for_an_unregistered_or_already_escrow_free_party_and_without_R_U()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var (alice, _) = Renewed(deployment, new SessionTranscript("renewal"));
        using var impostor = new Patient("patient-alice", Encoding.UTF8.GetBytes("alice-fingerprint-template"), deployment.Cloud.Bulletin, deployment.Clock, deployment.Options);
        using var stranger = new Patient("patient-nobody", Encoding.UTF8.GetBytes("nobody-fingerprint-template"), deployment.Cloud.Bulletin, deployment.Clock, deployment.Options);
        var bob = deployment.Patients["patient-bob"];

        var twice = Assert.Throws<ProtocolStateException>(() => alice.RequestRenewalWithoutEscrow());
        var again = Assert.Throws<ProtocolViolationException>(() => deployment.Cloud.RenewWithoutEscrow(impostor.RequestEscrowFreeRegistration(), NullEventSink.Instance));
        var unknown = Assert.Throws<ProtocolViolationException>(() => deployment.Cloud.RenewWithoutEscrow(stranger.RequestEscrowFreeRegistration(), NullEventSink.Instance));
        var withEscrow = Assert.Throws<ProtocolViolationException>(() => deployment.Cloud.RenewWithoutEscrow(bob.RequestRegistration(), NullEventSink.Instance));

        Assert.Contains("without escrow already", twice.Message, StringComparison.Ordinal);
        Assert.Equal("Issued with escrow (renewal)", again.FailedCheck.Check);
        Assert.Equal("Registered (renewal)", unknown.FailedCheck.Check);
        Assert.Equal("R_U present (renewal without escrow)", withEscrow.FailedCheck.Check);
        Assert.Equal(KeyIssuance.Escrowed, deployment.Cloud.FindRegistered(PartyRole.Patient, "patient-bob")!.Issuance);
    }

    [Fact]
    public void A_doctor_with_a_revoked_Cert_D_cannot_renew()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var doctor = deployment.Doctors["dr-huang"];
        deployment.Authority.Revoke(doctor.Certificate.Serial, "left the hospital");

        var refused = Assert.Throws<ProtocolViolationException>(() => Deployment.RenewWithoutEscrow(deployment.Cloud, doctor, NullEventSink.Instance));

        Assert.Equal("Cert_D legal", refused.FailedCheck.Check);
        Assert.Equal((KeyIssuance.Escrowed, KeyIssuance.Escrowed),
            (deployment.Cloud.FindRegistered(PartyRole.Doctor, doctor.Id)!.Issuance, doctor.Credentials!.Issuance));
    }
}
