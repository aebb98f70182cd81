using EmrAuth.Domain.Crypto;
using Org.BouncyCastle.Math;
using static EmrAuth.Tests.Crypto.BouncyCastleReference;

namespace EmrAuth.Tests.Crypto;

/// <summary><see cref="ScalarField"/>'s constant-time limb arithmetic against BouncyCastle's BigInteger, on edge and random scalars.</summary>
public sealed class ScalarArithmeticTests
{
    private static IEnumerable<BigInteger> Operands => EdgeScalars.Concat(Enumerable.Range(0, 24).Select(_ => RandomScalar()));

    [Fact]
    public void AddAndMultiply_MatchBigIntegerModQ()
    {
        foreach (var a in Operands)
        {
            foreach (var b in Operands)
            {
                var (x, y) = (ToScalar(a), ToScalar(b));
                Assert.Equal(a.Add(b).Mod(Order), ToBigInteger(x.Add(y)));
                Assert.Equal(a.Multiply(b).Mod(Order), ToBigInteger(x.Multiply(y)));
            }
        }
    }

    [Fact]
    public void FromDigest_ReducesEvery256BitValueModQ()
    {
        var max = BigInteger.One.ShiftLeft(256).Subtract(BigInteger.One);
        BigInteger[] values = [BigInteger.Zero, Order, Order.Add(BigInteger.One), max, max.Subtract(Order), .. Operands];
        foreach (var value in values.Concat(Enumerable.Range(0, 64).Select(_ => new BigInteger(1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))))
        {
            var scalar = Scalar.FromDigest(ToBytes(value));
            Assert.Equal(value.Mod(Order), ToBigInteger(scalar));
            Assert.Equal(value.Mod(Order).SignValue == 0, scalar.IsZero);
        }
    }

    [Fact]
    public void SameAs_ComparesValues()
    {
        var a = RandomScalar();
        Assert.True(ToScalar(a).SameAs(ToScalar(a)));
        Assert.False(ToScalar(a).SameAs(ToScalar(a.Add(BigInteger.One).Mod(Order))));
        Assert.False(ToScalar(BigInteger.One.ShiftLeft(192)).SameAs(ToScalar(BigInteger.Zero)));
    }
}
