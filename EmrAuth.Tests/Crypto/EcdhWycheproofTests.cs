using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>
/// Wycheproof ECDH P-256 through our wrappers: the peer key via <see cref="CurvePoint.Decode"/> +
/// <see cref="PublicKey"/> (raw X9.62 point) or <see cref="PublicKey.FromSubjectPublicKeyInfo"/>, our key via
/// <see cref="Scalar.FromBytes"/> + <see cref="PrivateKey"/>, and the secret from <see cref="PrivateKey.AgreeWith"/>.
/// </summary>
public sealed class EcdhWycheproofTests
{
    private const string PointFile = "ecdh_secp256r1_ecpoint_test.json";
    private const string SpkiFile = "ecdh_secp256r1_test.json";

    public static TheoryData<int> PointCases => WycheproofFile.TcIds(PointFile);

    public static TheoryData<int> SpkiCases => WycheproofFile.TcIds(SpkiFile);

    [Fact]
    public void PointFile_RunsEveryCase()
    {
        var file = WycheproofFile.Load(PointFile);
        Assert.Equal(355, file.DeclaredCount);
        Assert.Equal(355, ((IEnumerable<object[]>)PointCases).Count());
        Assert.Equal(file.DeclaredCount, file.Cases.Count);
    }

    [Fact]
    public void SpkiFile_RunsEveryCase()
    {
        var file = WycheproofFile.Load(SpkiFile);
        Assert.Equal(612, file.DeclaredCount);
        Assert.Equal(612, ((IEnumerable<object[]>)SpkiCases).Count());
        Assert.Equal(file.DeclaredCount, file.Cases.Count);
    }

    [Theory]
    [MemberData(nameof(PointCases))]
    public void RawPointPeer(int tcId)
    {
        var test = WycheproofFile.Load(PointFile)[tcId];
        Check(test, Agree(test, encoded => new PublicKey(CurvePoint.Decode(encoded))), AcceptsRawPoint);
    }

    [Theory]
    [MemberData(nameof(SpkiCases))]
    public void SubjectPublicKeyInfoPeer(int tcId)
    {
        var test = WycheproofFile.Load(SpkiFile)[tcId];
        Check(test, Agree(test, spki => PublicKey.FromSubjectPublicKeyInfo(spki)), AcceptsSpki);
    }

    /// <summary>
    /// The only acceptable case of the raw-point file (tcId 2, flags CompressedPublic/CompressedPoint) is a SEC 1
    /// compressed public key. We ACCEPT it by design: compressed is our own wire format and
    /// <see cref="CurvePoint.Decode"/> decompresses and validates it, so the shared secret must be the expected one.
    /// </summary>
    private static bool AcceptsRawPoint(WycheproofCase test) =>
        test.Flags.Contains("CompressedPublic") ? true : throw Unexpected(test);

    /// <summary>
    /// Acceptable cases of the SubjectPublicKeyInfo file (230). Our wrapper REJECTS every one of them:
    /// <list type="bullet">
    /// <item>InvalidAsn (222: BER length forms, wrong or extra tags, truncated or trailing bytes, odd OIDs): .NET's
    /// ImportSubjectPublicKeyInfo reads strict DER; unknown curve OIDs surface as "Only P-256 public keys are
    /// accepted"; our own check refuses bytes after the structure.</item>
    /// <item>UnnamedCurve with UnusedParam (7: explicit domain parameters with a modified order, generator, cofactor
    /// or curve parameter): .NET/OpenSSL refuse the modified group, and what gets through is refused by our
    /// named-P-256-only check. We never trust explicit domain parameters.</item>
    /// <item>CompressedPublic (tcId 2): .NET's SPKI import only takes uncompressed points. Unlike the raw-point file,
    /// this is rejected; harmless, since SPKI is only read as exported evidence and we export uncompressed.</item>
    /// </list>
    /// </summary>
    private static bool AcceptsSpki(WycheproofCase test) =>
        test.Flags.Any(f => f is "InvalidAsn" or "UnnamedCurve" or "CompressedPublic") ? false : throw Unexpected(test);

    private static void Check(WycheproofCase test, Outcome outcome, Func<WycheproofCase, bool> acceptable)
    {
        if (test.IsValid)
        {
            Assert.True(outcome.Accepted, $"{test}: a valid peer key was rejected: {outcome.Error}");
            Assert.Equal(test.Hex("shared"), Convert.ToHexStringLower(outcome.Shared!));
        }
        else if (test.IsInvalid)
        {
            Assert.False(outcome.Accepted, $"{test}: an invalid peer key was accepted.");
        }
        else
        {
            var expected = acceptable(test);
            Assert.True(expected == outcome.Accepted,
                $"{test}: acceptable case documented as {(expected ? "accepted" : "rejected")} but our wrapper " +
                $"{(outcome.Accepted ? "accepted it" : $"rejected it: {outcome.Error}")}.");
            if (outcome.Accepted)
            {
                Assert.Equal(test.Hex("shared"), Convert.ToHexStringLower(outcome.Shared!));
            }
        }
    }

    /// <summary>Runs the whole pipeline; rejection is a CryptographicException at any step.</summary>
    private static Outcome Agree(WycheproofCase test, Func<byte[], PublicKey> importPeer)
    {
        // Wycheproof writes the private key as an ASN.1 integer: possibly a leading 00, possibly short.
        var privateBytes = WycheproofEncoding.FixedLength(test.Bytes("private"), 32);
        using var ours = new PrivateKey(Scalar.FromBytes(privateBytes));
        try
        {
            using var peer = importPeer(test.Bytes("public"));
            return new Outcome(true, ours.AgreeWith(peer), null);
        }
        catch (CryptographicException e)
        {
            return new Outcome(false, null, e.Message);
        }
    }

    private static Exception Unexpected(WycheproofCase test) =>
        new InvalidOperationException($"{test}: acceptable case of a kind not yet documented in this test.");

    private sealed record Outcome(bool Accepted, byte[]? Shared, string? Error);
}
