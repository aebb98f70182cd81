using System.Text;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Registry;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Evidence;

/// <summary>
/// The bundle's trust anchor, checked by the bundle's own verify.sh under sh and openssl: it runs only against the
/// fingerprint of the trust document it carries, and only if the bundle's PK, PUK_C and PUK_MA are that document's.
/// </summary>
public sealed class EvidenceTrustTests : IDisposable
{
    private readonly VisitScene _scene = new();
    private readonly InterceptedVisit _visit;

    public EvidenceTrustTests() => _visit = _scene.Visit("patient-alice", "dr-chen", World.Cardiology).RunToEnd();

    private EvidenceChecker Open(TrustDocument? trust = null) =>
        new(EvidenceBundleTests.Export(_scene, _visit, trust), EvidenceBundle.FolderName("visit-1"));

    [Fact]
    public void Verify_sh_passes_with_the_trust_documents_fingerprint_and_the_manifest_names_it()
    {
        var trust = EvidenceBundleTests.TrustOf(_scene);
        using var checker = Open();

        var result = checker.RunScript(trust.FingerprintText());

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("trust document matches", result.Output);
        Assert.Contains("all signatures verified", result.Output);
        Assert.Equal(trust.Encode(), File.ReadAllBytes(Path.Combine(checker.Folder, TrustDocument.FileName)));
        Assert.Equal(trust.FingerprintText(), checker.Manifest.RootElement.GetProperty("trust").GetProperty("fingerprint").GetString());
        // Upper case and without spaces is the same fingerprint.
        Assert.Equal(0, checker.RunScript(Convert.ToHexString(trust.Fingerprint())).ExitCode);
    }

    [Theory]
    [InlineData("0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000")]
    [InlineData("")]
    public void Verify_sh_refuses_a_fingerprint_the_trust_document_does_not_hash_to(string fingerprint)
    {
        using var checker = Open();

        AssertRefused(fingerprint.Length == 0 ? checker.RunScript() : checker.RunScript(fingerprint), "REFUSED: ");
    }

    [Fact]
    public void Verify_sh_refuses_a_trust_document_edited_inside_the_bundle()
    {
        var trust = EvidenceBundleTests.TrustOf(_scene);
        using var checker = Open();
        var path = Path.Combine(checker.Folder, TrustDocument.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("test deployment", "test deploymenT", StringComparison.Ordinal));

        AssertRefused(checker.RunScript(trust.FingerprintText()), "REFUSED: trust-document.json hashes to");
    }

    /// <summary>
    /// A bundle from this deployment paired with another deployment's document (and that document's true fingerprint):
    /// the fingerprint matches, but Sig_D3's PK and the directory's signer are not the document's.
    /// </summary>
    [Fact]
    public void Verify_sh_refuses_a_bundle_whose_keys_are_not_the_trust_documents()
    {
        using var other = new VisitScene();
        var foreign = EvidenceBundleTests.TrustOf(other);
        using var checker = Open(foreign);

        AssertRefused(checker.RunScript(foreign.FingerprintText()), "signs a PK that is not the trust document's");
    }

    /// <summary>A refusal stops the script before any signature is checked.</summary>
    private static void AssertRefused(CommandResult result, string reason)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Output);
        Assert.DoesNotContain("Verified OK", result.Output);
    }

    [Fact]
    public void The_trust_document_has_its_documented_canonical_bytes()
    {
        var trust = EvidenceBundleTests.TrustOf(_scene);
        var bulletin = _scene.Deployment.Cloud.Bulletin;
        string Hex(Domain.Crypto.CurvePoint p) => Convert.ToHexStringLower(p.Encode());
        var expected = "{\n"
            + "  \"format\": \"EmrAuth trust document v1\",\n"
            + "  \"deployment\": \"test deployment\",\n"
            + "  \"version\": \"1\",\n"
            + "  \"public_cloud\": \"PC\",\n"
            + $"  \"PK\": \"{Hex(bulletin.MasterPublicKey)}\",\n"
            + $"  \"PUK_C\": \"{Hex(bulletin.CloudKey.Point)}\",\n"
            + "  \"medical_authority\": \"MA\",\n"
            + $"  \"PUK_MA\": \"{Hex(bulletin.AuthorityKey.Point)}\"\n"
            + "}\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(trust.Encode()));
        Assert.Matches("^([0-9a-f]{4} ){15}[0-9a-f]{4}$", trust.FingerprintText());
        Assert.Throws<ArgumentException>(() => (trust with { Deployment = "quote\" inside" }).Encode());
    }

    public void Dispose() => _scene.Dispose();
}
