using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class KeyDerivationTests
{
    private static CurvePoint RandomPoint() => CurvePoint.MultiplyGenerator(Scalar.Random());

    [Fact]
    public void SessionKey_IsDeterministic()
    {
        var k1 = RandomPoint();
        var k2 = RandomPoint();
        var first = KeyDerivation.SessionKey(k1, k2);
        // Same points, decoded afresh from their encodings.
        var second = KeyDerivation.SessionKey(CurvePoint.Decode(k1.Encode()), CurvePoint.Decode(k2.Encode()));
        Assert.True(first.SameAs(second));
        Assert.Equal(first.Export(), second.Export());
        Assert.Equal(KeyDerivation.SessionKeyLength, first.Export().Length);
    }

    [Fact]
    public void SessionKey_IsOrderSensitive()
    {
        var k1 = RandomPoint();
        var k2 = RandomPoint();
        Assert.False(KeyDerivation.SessionKey(k1, k2).SameAs(KeyDerivation.SessionKey(k2, k1)));
    }

    [Fact]
    public void SessionKey_DependsOnBothPoints()
    {
        var k1 = RandomPoint();
        var k2 = RandomPoint();
        var key = KeyDerivation.SessionKey(k1, k2);
        Assert.False(key.SameAs(KeyDerivation.SessionKey(RandomPoint(), k2)));
        Assert.False(key.SameAs(KeyDerivation.SessionKey(k1, RandomPoint())));
        Assert.False(KeyDerivation.SessionKey(k1, k1).SameAs(KeyDerivation.SessionKey(k2, k2)));
    }

    [Fact]
    public void SessionKey_IsNotABareHashOfThePoints()
    {
        var k1 = RandomPoint();
        var k2 = RandomPoint();
        var bareHash = Hashing.Digest([.. k1.Encode(), .. k2.Encode()]);
        Assert.NotEqual(bareHash, KeyDerivation.SessionKey(k1, k2).Export());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(44)]
    [InlineData(255 * 32)]
    public void Derive_ReturnsTheRequestedLength(int length) =>
        Assert.Equal(length, KeyDerivation.Derive([1, 2, 3], [], [], length).Length);

    [Fact]
    public void Derive_DependsOnSaltAndInfo()
    {
        var baseline = KeyDerivation.Derive([1, 2, 3], [4], [5], 32);
        Assert.NotEqual(baseline, KeyDerivation.Derive([1, 2, 3], [6], [5], 32));
        Assert.NotEqual(baseline, KeyDerivation.Derive([1, 2, 3], [4], [6], 32));
        Assert.Equal(baseline, KeyDerivation.Derive([1, 2, 3], [4], [5], 32));
    }
}
