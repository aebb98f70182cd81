using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>
/// Wycheproof ECDSA P-256/SHA-256 verification through <see cref="CurvePoint.Decode"/>, <see cref="PublicKey"/> and
/// <see cref="PublicKey.Verify"/>. Neither file has "acceptable" cases: every signature must verify or be rejected.
/// </summary>
public sealed class EcdsaWycheproofTests
{
    private const string DerFile = "ecdsa_secp256r1_sha256_test.json";
    private const string P1363File = "ecdsa_secp256r1_sha256_p1363_test.json";

    public static TheoryData<int> DerCases => WycheproofFile.TcIds(DerFile);

    public static TheoryData<int> P1363Cases => WycheproofFile.TcIds(P1363File);

    [Fact]
    public void DerFile_RunsEveryCase()
    {
        var file = WycheproofFile.Load(DerFile);
        Assert.Equal(484, file.DeclaredCount);
        Assert.Equal(484, ((IEnumerable<object[]>)DerCases).Count());
        Assert.Equal(file.DeclaredCount, file.Cases.Count);
    }

    [Fact]
    public void P1363File_RunsEveryCase()
    {
        var file = WycheproofFile.Load(P1363File);
        Assert.Equal(262, file.DeclaredCount);
        Assert.Equal(262, ((IEnumerable<object[]>)P1363Cases).Count());
        Assert.Equal(file.DeclaredCount, file.Cases.Count);
    }

    /// <summary>
    /// Every group's public key is a valid P-256 point, so our codec must accept all of them (none is rejected
    /// up front); the decoded point must have the group's affine coordinates wx, wy.
    /// </summary>
    [Theory]
    [InlineData(DerFile)]
    [InlineData(P1363File)]
    public void EveryGroupKey_DecodesToItsCoordinates(string fileName)
    {
        var groups = WycheproofFile.Load(fileName).Cases.Values.Select(c => c.Group).Distinct().ToList();
        Assert.NotEmpty(groups);
        foreach (var group in groups)
        {
            var publicKey = group.GetProperty("publicKey");
            Assert.Equal("secp256r1", publicKey.GetProperty("curve").GetString());
            var point = CurvePoint.Decode(Convert.FromHexString(publicKey.GetProperty("uncompressed").GetString()!));
            var coordinates = point.Coordinates();
            Assert.Equal(Coordinate(publicKey, "wx"), coordinates.X);
            Assert.Equal(Coordinate(publicKey, "wy"), coordinates.Y);
        }
    }

    [Theory]
    [MemberData(nameof(DerCases))]
    public void DerSignature(int tcId) => Check(WycheproofFile.Load(DerFile)[tcId], DSASignatureFormat.Rfc3279DerSequence);

    [Theory]
    [MemberData(nameof(P1363Cases))]
    public void P1363Signature(int tcId) =>
        Check(WycheproofFile.Load(P1363File)[tcId], DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static void Check(WycheproofCase test, DSASignatureFormat format)
    {
        var verified = Verifies(test, format);
        if (test.IsValid)
        {
            Assert.True(verified, $"{test}: a valid signature was rejected.");
        }
        else if (test.IsInvalid)
        {
            Assert.False(verified, $"{test}: an invalid signature was accepted.");
        }
        else
        {
            Assert.Fail($"{test}: these files have no acceptable cases; decide and document which way this one goes.");
        }
    }

    /// <summary>True if our wrapper accepts; false if it returns false or throws CryptographicException.</summary>
    private static bool Verifies(WycheproofCase test, DSASignatureFormat format)
    {
        var encodedKey = test.Group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!;
        using var key = new PublicKey(CurvePoint.Decode(Convert.FromHexString(encodedKey)));
        try
        {
            return key.Verify(test.Bytes("msg"), test.Bytes("sig"), format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>wx/wy are minimal big-endian hex integers (possibly with a 00 sign byte); pad/trim to 32 bytes.</summary>
    private static byte[] Coordinate(System.Text.Json.JsonElement publicKey, string name) =>
        WycheproofEncoding.FixedLength(Convert.FromHexString(publicKey.GetProperty(name).GetString()!), 32);
}
