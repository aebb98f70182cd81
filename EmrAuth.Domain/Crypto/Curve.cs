using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// The group the paper calls E/F_q with generator P: NIST P-256 (secp256r1), cofactor 1.
/// BouncyCastle supplies only the point arithmetic; everything else goes through .NET.
/// </summary>
internal static class Curve
{
    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256r1");
    private static readonly FixedPointCombMultiplier CombMultiplier = new();

    public static ECCurve Group => Parameters.Curve;

    /// <summary>The group order q.</summary>
    public static BigInteger Order => Parameters.N;

    /// <summary>The generator P.</summary>
    public static ECPoint Generator { get; } = Parameters.G;

    public const int ScalarLength = 32;
    public const int CompressedPointLength = 33;
    public const int UncompressedPointLength = 65;

    /// <summary>k·P using the precomputed comb table for the generator.</summary>
    public static ECPoint MultiplyGenerator(BigInteger k) => CombMultiplier.Multiply(Generator, k).Normalize();
}
