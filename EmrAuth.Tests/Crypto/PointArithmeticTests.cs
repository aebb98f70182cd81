using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using static EmrAuth.Tests.Crypto.BouncyCastleReference;

namespace EmrAuth.Tests.Crypto;

/// <summary>libcrypto's point arithmetic (through <see cref="CurvePoint"/>) against BouncyCastle's, on edge and random scalars and points.</summary>
public sealed class PointArithmeticTests
{
    private static IEnumerable<BigInteger> Scalars => EdgeScalars.Concat(Enumerable.Range(0, 8).Select(_ => RandomScalar()));

    /// <summary>G, −G, 2G, a point with the largest x we can name ((q − 1)/2·G), and a random point.</summary>
    private static IEnumerable<ECPoint> Points =>
    [
        Generator,
        Generator.Negate(),
        Generator.Twice(),
        Generator.Multiply(Order.ShiftRight(1)),
        Generator.Multiply(RandomScalar()),
    ];

    [Fact]
    public void MultiplyGenerator_MatchesBouncyCastle()
    {
        foreach (var k in Scalars)
        {
            AssertSame(Generator.Multiply(k), () => CurvePoint.MultiplyGenerator(ToScalar(k)));
        }
    }

    [Fact]
    public void Multiply_MatchesBouncyCastle()
    {
        foreach (var point in Points)
        {
            foreach (var k in Scalars)
            {
                AssertSame(point.Multiply(k), () => ToCurvePoint(point).Multiply(ToScalar(k)));
            }
        }
    }

    [Fact]
    public void MultiplyAndAdd_MatchesBouncyCastle()
    {
        foreach (var (a, b) in Scalars.Zip(Scalars.Reverse()))
        {
            foreach (var p in Points)
            {
                var q = Generator.Multiply(RandomScalar());
                AssertSame(p.Multiply(a).Add(q.Multiply(b)), () => ToCurvePoint(p).MultiplyAndAdd(ToScalar(a), ToCurvePoint(q), ToScalar(b)));
            }
        }
    }

    [Fact]
    public void MultiplyAndAdd_HandlesEqualAndOppositeTerms()
    {
        var k = RandomScalar();
        var p = ToCurvePoint(Generator);
        // a·P = b·P: the addition doubles.
        AssertSame(Generator.Multiply(k.ShiftLeft(1)), () => p.MultiplyAndAdd(ToScalar(k), p, ToScalar(k)));
        // a·P = −b·P: the sum is the point at infinity, which is never a valid result.
        Assert.Throws<CryptographicException>(() => p.MultiplyAndAdd(ToScalar(k), p, ToScalar(Order.Subtract(k))));
    }

    [Fact]
    public void Add_MatchesBouncyCastle()
    {
        foreach (var p in Points)
        {
            foreach (var q in Points)
            {
                AssertSame(p.Add(q), () => ToCurvePoint(p).Add(ToCurvePoint(q)));
            }
        }
    }

    /// <summary>The shared EC_GROUP and per-call contexts: many threads multiplying at once get BouncyCastle's answers.</summary>
    [Fact]
    public void ConcurrentMultiplications_MatchBouncyCastle()
    {
        var cases = Enumerable.Range(0, 64).Select(_ => (Point: Generator.Multiply(RandomScalar()), K: RandomScalar())).ToArray();
        var expected = cases.Select(c => Convert.ToHexString(c.Point.Multiply(c.K).Normalize().GetEncoded(true))).ToArray();
        var inputs = cases.Select(c => (Point: ToCurvePoint(c.Point), K: ToScalar(c.K))).ToArray();
        var actual = new string[inputs.Length * 8];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = inputs[i % inputs.Length].Point.Multiply(inputs[i % inputs.Length].K).ToString());
        Assert.Equal(Enumerable.Range(0, actual.Length).Select(i => expected[i % expected.Length]), actual);
    }

    /// <summary>BouncyCastle's infinity is our CryptographicException: no key, nonce or shared point may be infinity.</summary>
    private static void AssertSame(ECPoint expected, Func<CurvePoint> actual)
    {
        if (expected.IsInfinity)
        {
            Assert.Throws<CryptographicException>(() => actual());
            return;
        }
        Assert.Equal(Convert.ToHexString(expected.Normalize().GetEncoded(true)), actual().ToString());
    }
}
