using System.Security.Cryptography;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Phases;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Evidence;

/// <summary>What a signature check keeps for later export: only for signatures that held, and only what may be shown.</summary>
public sealed class SignatureEvidenceTests
{
    [Fact]
    public void A_rejected_signature_keeps_no_evidence()
    {
        using var scene = new VisitScene();
        var run = scene.Visit("patient-alice", "dr-chen", World.Cardiology).RunUntil(Hop.C_D3);
        var genuine = run.Pending;
        var index = genuine.Parts().ToList().FindIndex(p => p.Name == "Sig_D3");
        var tampered = genuine.WithPart(index, Flip.MiddleByte.Apply(genuine.Parts()[index].Bytes!));

        Assert.Throws<ProtocolViolationException>(() => run.Receive(Hop.C_D3, tampered));

        var check = scene.Transcript.Verifications.Single(v => v.Check.StartsWith("Verify Sig_D3", StringComparison.Ordinal));
        Assert.False(check.Passed);
        Assert.Null(check.Evidence);
    }

    [Fact]
    public void Each_accepted_signature_keeps_the_signer_key_and_only_what_its_statement_allows()
    {
        using var scene = new VisitScene();
        var run = scene.Visit("patient-alice", "dr-chen", World.Cardiology).RunToEnd();
        // Sig_PS (Scope_P) is checked by the doctor, the public cloud and the hospital: its first check stands for all.
        var evidence = scene.Transcript.Verifications.Where(v => v.Evidence is not null).GroupBy(v => v.Evidence!.Name).ToDictionary(g => g.Key, g => g.First().Evidence!);

        Assert.Equal(["Sig_P1", "Scope_P", "Sig_D1", "Sig_D2", "Sig_C", "Sig_D3", "Scope_C", "Sig_HPC1", "Sig_D6"], evidence.Keys);
        Assert.Equal(run.Doctor.Credentials!.PublicKey.ExportSubjectPublicKeyInfo(), evidence["Sig_D3"].SignerKey);
        Assert.Equal(run.Doctor.Credentials!.PublicKey.ExportSubjectPublicKeyInfo(), evidence["Sig_D6"].SignerKey);
        Assert.All(evidence.Values, e =>
        {
            switch (e.Statement().Disclosure)
            {
                case Disclosure.Full:
                    Assert.Null(e.SignedDigest);
                    Assert.NotNull(e.SignedContent);
                    break;
                case Disclosure.DigestOnly:
                    Assert.Null(e.SignedContent);
                    Assert.Equal(32, e.SignedDigest!.Length);
                    break;
                default:
                    Assert.Null(e.SignedContent);
                    Assert.Null(e.SignedDigest);
                    break;
            }
        });
    }

    [Fact]
    public void The_der_form_is_the_same_signature_as_sent()
    {
        using var scene = new VisitScene();
        scene.Visit("patient-alice", "dr-chen", World.Cardiology).RunToEnd();
        var evidence = scene.Transcript.Verifications.Select(v => v.Evidence).OfType<SignatureEvidence>().Single(e => e.Name == "Sig_D3");

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(evidence.SignerKey, out _);
        Assert.True(key.VerifyData(evidence.SignedContent!, evidence.SignatureDer(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(key.VerifyData(evidence.SignedContent!, evidence.Signature, HashAlgorithmName.SHA256));
        Assert.Contains("-----BEGIN PUBLIC KEY-----", evidence.SignerKeyPem());
    }
}
