using EmrAuth.Domain.Crypto;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace EmrAuth.Tests.Crypto;

/// <summary>BouncyCastle's P-256, the independent reference the libcrypto and limb arithmetic is compared with.</summary>
internal static class BouncyCastleReference
{
    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256r1");

    public static BigInteger Order => Parameters.N;

    public static ECPoint Generator => Parameters.G;

    /// <summary>
    /// Scalars where fixed-width arithmetic breaks first: 0, 1, small values, q − 1 and q − 2, (q − 1)/2, a 128-bit
    /// value, weight-2 values, and values of high Hamming weight (2^255 − 1, all-ones limbs below q).
    /// </summary>
    public static IReadOnlyList<BigInteger> EdgeScalars { get; } =
    [
        BigInteger.Zero,
        BigInteger.One,
        BigInteger.Two,
        BigInteger.Three,
        BigInteger.ValueOf(0xff),
        BigInteger.One.ShiftLeft(64),
        BigInteger.One.ShiftLeft(128).Subtract(BigInteger.One),
        BigInteger.One.ShiftLeft(255).Add(BigInteger.One),
        BigInteger.One.ShiftLeft(200).Add(BigInteger.One.ShiftLeft(3)),
        BigInteger.One.ShiftLeft(255).Subtract(BigInteger.One),
        new BigInteger("ffffffff00000000fffffffffffffffeffffffffffffffffffffffffffffffff", 16),
        Order.ShiftRight(1),
        Order.Subtract(BigInteger.Two),
        Order.Subtract(BigInteger.One),
    ];

    public static BigInteger RandomScalar() => new(1, Scalar.Random().ToBytes());

    /// <summary>Any value below 2^256, reduced mod q like a hash (Scalar.FromDigest), so zero is reachable.</summary>
    public static Scalar ToScalar(BigInteger value) => Scalar.FromDigest(ToBytes(value));

    public static BigInteger ToBigInteger(Scalar scalar) => new(1, scalar.ToBytes());

    public static ECPoint ToPoint(CurvePoint point) => Parameters.Curve.DecodePoint(point.Encode());

    public static CurvePoint ToCurvePoint(ECPoint point) => CurvePoint.Decode(point.Normalize().GetEncoded(true));

    public static byte[] ToBytes(BigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }
}
