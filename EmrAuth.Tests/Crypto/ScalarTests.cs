using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class ScalarTests
{
    // The P-256 group order q.
    private const string Order = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    private const string One = "0000000000000000000000000000000000000000000000000000000000000001";
    private const string OrderMinusOne = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550";

    [Fact]
    public void FromBytes_RejectsZero() =>
        Assert.Throws<CryptographicException>(() => Scalar.FromBytes(new byte[32]));

    [Theory]
    [InlineData(Order)]
    [InlineData("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void FromBytes_RejectsValuesNotBelowTheOrder(string hex) =>
        Assert.Throws<CryptographicException>(() => Scalar.FromBytes(Convert.FromHexString(hex)));

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromBytes_RejectsWrongLength(int length)
    {
        // A value that would be fine (1) if the length were right.
        var bytes = new byte[length];
        if (length > 0)
        {
            bytes[^1] = 1;
        }
        Assert.Throws<CryptographicException>(() => Scalar.FromBytes(bytes));
    }

    [Theory]
    [InlineData(One)]
    [InlineData(OrderMinusOne)]
    public void FromBytes_AcceptsTheRangeEnds(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(bytes, Scalar.FromBytes(bytes).ToBytes());
    }

    [Fact]
    public void Arithmetic_IsModuloTheOrder()
    {
        var minusOne = Scalar.FromBytes(Convert.FromHexString(OrderMinusOne));
        var one = Scalar.FromBytes(Convert.FromHexString(One));
        Assert.True(minusOne.Add(one).IsZero);
        Assert.True(minusOne.Multiply(minusOne).SameAs(one));
    }

    [Fact]
    public void Random_IsNonZeroAndRoundTrips()
    {
        var first = Scalar.Random();
        Assert.False(first.IsZero);
        Assert.True(Scalar.FromBytes(first.ToBytes()).SameAs(first));
        Assert.False(first.SameAs(Scalar.Random()));
    }

    [Fact]
    public void ToString_DoesNotRevealTheValue()
    {
        var scalar = Scalar.Random();
        SecretAssert.Hidden(scalar.ToBytes(), scalar.ToString());
    }
}
