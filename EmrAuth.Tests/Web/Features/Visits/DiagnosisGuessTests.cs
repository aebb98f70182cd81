using System.Security.Cryptography;
using System.Text.Json;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Messages;
using EmrAuth.Tests.Support;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// The guess attack on a real portal visit's evidence bundle: with Sig_D6, the doctor's key, the other signed fields and
/// the accepted-at time, try the exact diagnosis with every T_D6 within ±2 s at 1 ms steps. Sig_D6 signs a commitment
/// c = h(k || M_DINF) whose k is only in the hospital's record, so nothing confirms; the control signs the old form
/// (M_DINF itself) with the same doctor's key and shows that the same search finds it.
/// </summary>
public sealed class DiagnosisGuessTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private PortalHarness _portal = null!;
    private EvidenceChecker _bundle = null!;
    private JsonElement _sigD6;

    public async Task InitializeAsync()
    {
        _portal = await PortalHarness.StartAsync();
        var visitId = await CompleteVisitAsync(_portal);
        var file = await _portal.As("alice").Evidence.ExportAsync(visitId);
        _bundle = new EvidenceChecker(file!.Content, EvidenceBundle.FolderName(visitId.ToString()));
        _sigD6 = _bundle.Signatures.Single(s => s.GetProperty("name").GetString() == "Sig_D6");
    }

    public async Task DisposeAsync()
    {
        _bundle.Dispose();
        await _portal.DisposeAsync();
    }

    private byte[] BundleFile(string property) => File.ReadAllBytes(Path.Combine(_bundle.Folder, _sigD6.GetProperty(property).GetString()!));

    /// <summary>The accepted-at time the manifest gives ("… at 2026-…"), within milliseconds of T_D6.</summary>
    private DateTimeOffset AcceptedAt()
    {
        var acceptedBy = _sigD6.GetProperty("acceptedBy").GetString()!;
        return DateTimeOffset.Parse(acceptedBy[(acceptedBy.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The T_D6 candidates whose content the signature verifies under the doctor's key (.NET's ECDsa, not our code).</summary>
    private List<long> Search(byte[] signature, Func<long, byte[]> contentAt)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(System.Text.Encoding.ASCII.GetString(BundleFile("key")));
        var around = AcceptedAt().ToUnixTimeMilliseconds();
        var found = new List<long>();
        for (var t = around - (long)Window.TotalMilliseconds; t <= around + (long)Window.TotalMilliseconds; t++)
        {
            if (key.VerifyData(contentAt(t), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                found.Add(t);
            }
        }
        return found;
    }

    [Fact]
    public void The_exact_diagnosis_is_not_confirmed_by_any_T_D6_near_the_accepted_at_time()
    {
        var signed = new FieldReader(BundleFile("data"));
        Assert.Equal("Sig_D6", signed.ReadString());
        var (patientId, departmentId, commitment, doctorId) = (signed.ReadString(), signed.ReadString(), signed.ReadBytes(), signed.ReadString());
        var signature = BundleFile("signature");

        // What a guesser can build from public data: the diagnosis itself in c's place, or its digest, or a commitment under a guessed (zero) key.
        Func<long, byte[]>[] guesses =
        [
            t => new FieldWriter().Add("Sig_D6").Add(patientId).Add(departmentId).Add(Diagnosis).Add(doctorId).Add(t).ToArray(),
            t => SignedContents.Filing(patientId, departmentId, Hashing.Digest(System.Text.Encoding.UTF8.GetBytes(Diagnosis)), doctorId, t),
            t => SignedContents.Filing(patientId, departmentId, SignedContents.DiagnosisCommitment(new byte[SignedContents.CommitmentKeyLength], Diagnosis), doctorId, t),
        ];
        foreach (var guess in guesses)
        {
            Assert.Empty(Search(signature, guess));
        }

        // The signature itself is publicly checkable (Full disclosure) and holds c, never M_DINF or k.
        Assert.Equal("Full", _sigD6.GetProperty("disclosure").GetString());
        var held = _portal.Host.Hospitals["north-general"].FindRecord(patientId, departmentId)!.Entries[^1];
        Assert.Equal(Diagnosis, held.Text);
        Assert.Equal(commitment, SignedContents.DiagnosisCommitment(held.CommitmentKey, Diagnosis));
        foreach (var path in Directory.EnumerateFiles(_bundle.Folder, "*", SearchOption.AllDirectories))
        {
            Assert.False(PortalHarness.Contains(File.ReadAllBytes(path), held.CommitmentKey!), $"{path} holds k");
        }
    }

    /// <summary>The control: had Sig_D6 signed M_DINF itself, the same search over the same window finds T_D6.</summary>
    [Fact]
    public void The_same_search_confirms_the_diagnosis_against_the_old_signed_form()
    {
        var signed = new FieldReader(BundleFile("data"));
        signed.ReadString();
        var (patientId, departmentId, _, doctorId, tD6) = (signed.ReadString(), signed.ReadString(), signed.ReadBytes(), signed.ReadString(), signed.ReadInt64());
        byte[] OldForm(long t) => new FieldWriter().Add("Sig_D6").Add(patientId).Add(departmentId).Add(Diagnosis).Add(doctorId).Add(t).ToArray();
        var doctorKey = _portal.Host.Doctors[doctorId].Credentials!.Key;
        var oldSignature = new SignatureEvidence("Sig_D6", new(Domain.Transcript.PartyRole.Doctor, doctorId), [], doctorKey.Sign(OldForm(tD6)), null, null).SignatureDer();

        Assert.Equal([tD6], Search(oldSignature, OldForm));
    }
}
