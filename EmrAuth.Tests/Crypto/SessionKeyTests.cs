using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class SessionKeyTests
{
    [Fact]
    public void ToString_DoesNotRevealTheKey()
    {
        var bytes = RandomNumberGenerator.GetBytes(KeyDerivation.SessionKeyLength);
        var key = SessionKey.FromBytes(bytes);
        SecretAssert.Hidden(bytes, key.ToString());
        SecretAssert.Hidden(bytes, $"{key}");
        SecretAssert.Hidden(bytes, Convert.ToString(key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void FromBytes_RejectsWrongLength(int length) =>
        Assert.Throws<CryptographicException>(() => SessionKey.FromBytes(new byte[length]));

    [Fact]
    public void SameAs_ComparesContent()
    {
        var bytes = RandomNumberGenerator.GetBytes(KeyDerivation.SessionKeyLength);
        Assert.True(SessionKey.FromBytes(bytes).SameAs(SessionKey.FromBytes(bytes)));
        bytes[^1] ^= 1;
        Assert.False(SessionKey.FromBytes(bytes).SameAs(SessionKey.FromBytes(RandomNumberGenerator.GetBytes(32))));
    }

    [Fact]
    public void FromBytesAndExport_AreCopies()
    {
        var bytes = RandomNumberGenerator.GetBytes(KeyDerivation.SessionKeyLength);
        var original = (byte[])bytes.Clone();
        var key = SessionKey.FromBytes(bytes);
        bytes[0] ^= 0xff;
        var exported = key.Export();
        Assert.Equal(original, exported);
        exported[0] ^= 0xff;
        Assert.Equal(original, key.Export());
    }
}
