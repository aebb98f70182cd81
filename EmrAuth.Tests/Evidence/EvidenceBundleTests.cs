using System.Text;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Evidence;

/// <summary>
/// A real visit's signatures, exported and checked by the openssl command line alone (the commands
/// docs/evidence-format.md prints), plus what the bundle must never contain.
/// </summary>
public sealed class EvidenceBundleTests : IDisposable
{
    private readonly VisitScene _scene = new();
    private readonly InterceptedVisit _visit;
    private readonly byte[] _tar;

    public EvidenceBundleTests()
    {
        _visit = _scene.Visit("patient-alice", "dr-chen", World.Cardiology).RunToEnd();
        _tar = Export(_scene, _visit);
    }

    /// <summary>The visit's bundle, carrying the scene's trust document unless another is given.</summary>
    internal static byte[] Export(VisitScene scene, InterceptedVisit visit, TrustDocument? trust = null)
    {
        var entries = scene.Transcript.Verifications.Where(v => v.Evidence is not null)
            .Select(v => new EvidenceEntry(v.Evidence!, $"{v.Reference} by {v.Verifier}")).ToList();
        var authority = new PartyRef(PartyRole.MedicalAuthority, scene.Deployment.Authority.Name);
        var bulletin = scene.Deployment.Cloud.Bulletin;
        entries.Add(new EvidenceEntry(SignatureEvidence.Of(visit.Doctor.Certificate, authority, bulletin.AuthorityKey), "Cert_D"));
        entries.Add(new EvidenceEntry(SignatureEvidence.Of(bulletin.Directory, scene.Deployment.Cloud.Ref, bulletin.CloudKey), "directory"));
        entries.Add(new EvidenceEntry(SignatureEvidence.Of(bulletin.Revocations, authority, bulletin.AuthorityKey), "revocations"));
        return EvidenceBundle.Write("visit-1", scene.Clock.GetUtcNow(), entries, trust ?? TrustOf(scene));
    }

    internal static TrustDocument TrustOf(VisitScene scene) =>
        TrustDocument.Of("test deployment", 1, scene.Deployment.Cloud.Bulletin, scene.Deployment.Authority.Name, null);

    /// <summary>The hardened signatures cover no secret but B_P (PUK_D replaces S_D, a tag replaces SEK_1), so more is public.</summary>
    [Fact]
    public void A_hardened_visit_exports_its_signatures_in_full_and_openssl_verifies_them()
    {
        using var scene = new VisitScene();
        var visit = scene.Visit("patient-alice", "dr-chen", World.Cardiology, profile: ProtocolProfile.Hardened).RunToEnd();
        using var checker = new EvidenceChecker(Export(scene, visit), EvidenceBundle.FolderName("visit-1"));
        var byName = checker.Signatures.ToDictionary(s => s.GetProperty("name").GetString()!);

        Assert.Equal("DigestOnly", byName["Sig_P1 (hardened)"].GetProperty("disclosure").GetString());
        foreach (var name in new[] { "Sig_D1 (hardened)", "Sig_D2 (hardened)", "Sig_C (hardened)", "Sig_D3 (hardened)", "Sig_HPC1 (hardened)" })
        {
            Assert.Equal("Full", byName[name].GetProperty("disclosure").GetString());
        }
        var commands = checker.Signatures.Where(s => s.GetProperty("command").ValueKind == System.Text.Json.JsonValueKind.String).ToList();
        // Scope_P (Sig_PS) and Scope_C (Sig_CS) are public and checkable too.
        Assert.Equal(12, commands.Count);
        foreach (var entry in commands)
        {
            var result = checker.RunCommand(entry.GetProperty("command").GetString()!);
            Assert.True(result.ExitCode == 0 && result.Output.Contains(entry.GetProperty("expect").GetString()!, StringComparison.Ordinal), result.Output);
        }
    }

    [Fact]
    public void Every_signature_of_the_visit_is_in_the_bundle_with_what_it_may_disclose()
    {
        using var checker = new EvidenceChecker(_tar, EvidenceBundle.FolderName("visit-1"));
        var byName = checker.Signatures.ToDictionary(s => s.GetProperty("name").GetString()!);

        Assert.Equal(["Sig_P1", "Scope_P", "Sig_D1", "Sig_D2", "Sig_C", "Sig_D3", "Scope_C", "Sig_HPC1", "Sig_D6", "Cert_D", "Directory", "Revocations"], byName.Keys);
        Assert.Equal("Doctor dr-chen", byName["Sig_D6"].GetProperty("signer").GetString());
        Assert.Equal("Patient patient-alice", byName["Sig_P1"].GetProperty("signer").GetString());
        foreach (var name in new[] { "Sig_D3", "Scope_P", "Scope_C", "Sig_HPC1", "Sig_D6", "Cert_D", "Directory", "Revocations" })
        {
            Assert.Equal("Full", byName[name].GetProperty("disclosure").GetString());
            Assert.EndsWith(".data.bin", byName[name].GetProperty("data").GetString());
        }
        foreach (var name in new[] { "Sig_P1", "Sig_D1", "Sig_D2", "Sig_C" })
        {
            Assert.Equal("DigestOnly", byName[name].GetProperty("disclosure").GetString());
            Assert.EndsWith(".sha256", byName[name].GetProperty("data").GetString());
        }
        // Sig_D6 signs the commitment c = h(k || M_DINF), not the diagnosis: public, and useless for checking a guess.
        Assert.Contains("c = h(k || M_DINF)", byName["Sig_D6"].GetProperty("covers").GetString());
    }

    [Fact]
    public void Openssl_verifies_every_publicly_checkable_signature_with_the_bundles_own_commands()
    {
        using var checker = new EvidenceChecker(_tar, EvidenceBundle.FolderName("visit-1"));
        var expected = checker.Signatures.Where(s => s.GetProperty("command").ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(s => (Command: s.GetProperty("command").GetString()!, Expect: s.GetProperty("expect").GetString()!)).ToList();

        Assert.Equal(12, expected.Count);
        Assert.Equal(expected.Select(e => e.Command), checker.Commands);
        foreach (var (command, expect) in expected)
        {
            var result = checker.RunCommand(command);
            Assert.True(result.ExitCode == 0 && result.Output.Contains(expect, StringComparison.Ordinal), $"{command}: {result.Output}");
        }
    }

    [Theory]
    [InlineData("Sig_D3", "data")]
    [InlineData("Sig_P1", "data")]
    [InlineData("Cert_D", "data")]
    [InlineData("Sig_HPC1", "signature")]
    public void A_flipped_byte_makes_openssl_refuse_the_signature(string name, string file)
    {
        using var checker = new EvidenceChecker(_tar, EvidenceBundle.FolderName("visit-1"));
        var entry = checker.Signatures.Single(s => s.GetProperty("name").GetString() == name);
        var command = entry.GetProperty("command").GetString()!;
        Assert.Equal(0, checker.RunCommand(command).ExitCode);

        checker.FlipLastByte(entry.GetProperty(file).GetString()!);

        var result = checker.RunCommand(command);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("fail", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_bundle_holds_no_secret_and_no_record_text()
    {
        var forbidden = new Dictionary<string, byte[]>
        {
            ["B_P"] = _visit.Patient.ExportBiometricPasswordForSealedStorage(),
            ["S_D"] = _visit.Doctor.Credentials!.ExportScalarForSealedStorage(),
            ["S_P"] = _visit.Patient.Credentials!.ExportScalarForSealedStorage(),
            ["M_DINF"] = Encoding.UTF8.GetBytes(InterceptedVisit.DiagnosisText),
            ["M_SD"] = Encoding.UTF8.GetBytes(InterceptedVisit.Readings),
            ["M_EMR"] = Encoding.UTF8.GetBytes("2024 stent placed"),
        };

        foreach (var (name, secret) in forbidden)
        {
            Assert.True(_tar.AsSpan().IndexOf(secret) < 0, $"the bundle contains {name}");
        }
    }

    public void Dispose() => _scene.Dispose();
}
