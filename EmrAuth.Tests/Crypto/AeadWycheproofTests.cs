using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>
/// Wycheproof AES-GCM through <see cref="AeadCipher"/>. Our declared policy is AES-256-GCM with a 96-bit nonce
/// and a 128-bit tag only: those groups run in full (seal and open), every other group must be refused with a
/// <see cref="CryptographicException"/> before any encryption happens. The file has no acceptable cases.
/// </summary>
public sealed class AeadWycheproofTests
{
    private const string FileName = "aes_gcm_test.json";

    public static TheoryData<int> Cases => WycheproofFile.TcIds(FileName);

    [Fact]
    public void RunsEveryCase()
    {
        var file = WycheproofFile.Load(FileName);
        Assert.Equal(316, file.DeclaredCount);
        Assert.Equal(316, ((IEnumerable<object[]>)Cases).Count());
        Assert.Equal(file.DeclaredCount, file.Cases.Count);
        // 66 cases fall under our parameters and are run in full; the other 250 must be refused.
        Assert.Equal(66, file.Cases.Values.Count(IsSupported));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AesGcm(int tcId)
    {
        var test = WycheproofFile.Load(FileName)[tcId];
        var key = test.Bytes("key");
        var iv = test.Bytes("iv");
        var aad = test.Bytes("aad");
        var msg = test.Bytes("msg");
        var tag = test.Bytes("tag");
        byte[] sealedData = [.. test.Bytes("ct"), .. tag];
        Assert.Equal(Size(test, "keySize"), key.Length * 8);
        Assert.Equal(Size(test, "ivSize"), iv.Length * 8);

        if (!IsSupported(test))
        {
            // Exactly CryptographicException (not AuthenticationTagMismatchException): the parameter check refuses.
            Assert.Throws<CryptographicException>(() => AeadCipher.Seal(key, iv, msg, aad));
            Assert.Throws<CryptographicException>(() => AeadCipher.Open(key, iv, sealedData, aad));
            return;
        }

        Assert.Equal(128, tag.Length * 8);
        if (test.IsValid)
        {
            Assert.Equal(Convert.ToHexStringLower(sealedData), Convert.ToHexStringLower(AeadCipher.Seal(key, iv, msg, aad)));
            Assert.Equal(Convert.ToHexStringLower(msg), Convert.ToHexStringLower(AeadCipher.Open(key, iv, sealedData, aad)));
        }
        else if (test.IsInvalid)
        {
            Assert.ThrowsAny<CryptographicException>(() => AeadCipher.Open(key, iv, sealedData, aad));
        }
        else
        {
            Assert.Fail($"{test}: this file has no acceptable cases; decide and document which way this one goes.");
        }
    }

    private static bool IsSupported(WycheproofCase test) =>
        Size(test, "keySize") == 256 && Size(test, "ivSize") == 96 && Size(test, "tagSize") == 128;

    private static int Size(WycheproofCase test, string name) => test.Group.GetProperty(name).GetInt32();
}
