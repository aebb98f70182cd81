using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>Wycheproof HKDF-SHA256 through <see cref="KeyDerivation.Derive"/>. The file has no acceptable cases.</summary>
public sealed class KeyDerivationWycheproofTests
{
    private const string FileName = "hkdf_sha256_test.json";

    public static TheoryData<int> Cases => WycheproofFile.TcIds(FileName);

    [Fact]
    public void RunsEveryCase()
    {
        var file = WycheproofFile.Load(FileName);
        Assert.Equal(86, file.DeclaredCount);
        Assert.Equal(86, ((IEnumerable<object[]>)Cases).Count());
        Assert.Equal(file.DeclaredCount, file.Cases.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hkdf(int tcId)
    {
        var test = WycheproofFile.Load(FileName)[tcId];
        var ikm = test.Bytes("ikm");
        var salt = test.Bytes("salt");
        var info = test.Bytes("info");
        var size = test.Test.GetProperty("size").GetInt32();

        if (test.IsValid)
        {
            Assert.Equal(test.Hex("okm"), Convert.ToHexStringLower(KeyDerivation.Derive(ikm, salt, info, size)));
        }
        else if (test.IsInvalid)
        {
            // The invalid cases ask for more than 255·32 bytes; .NET's HKDF refuses with an ArgumentException
            // (a caller's error, not a hostile input), which our wrapper lets through.
            Assert.ThrowsAny<ArgumentException>(() => KeyDerivation.Derive(ikm, salt, info, size));
        }
        else
        {
            Assert.Fail($"{test}: this file has no acceptable cases; decide and document which way this one goes.");
        }
    }
}
