using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A point of the group, always finite and on the curve. Encoded as SEC 1 compressed (33 bytes);
/// decoding also accepts uncompressed (65 bytes) and rejects everything else.
/// </summary>
public sealed class CurvePoint
{
    private readonly byte[] _encoded;

    internal CurvePoint(ECPoint point)
    {
        var normalized = point.Normalize();
        if (normalized.IsInfinity)
        {
            throw new CryptographicException("The point at infinity is not a valid key or nonce point.");
        }
        Point = normalized;
        _encoded = normalized.GetEncoded(true);
    }

    internal ECPoint Point { get; }

    /// <summary>The generator P.</summary>
    public static CurvePoint Generator { get; } = new(Curve.Generator);

    /// <summary>k·P, the form of R_X = r·P (Eqs. 2, 5, 8, 11, 16, 33, 38).</summary>
    public static CurvePoint MultiplyGenerator(Scalar k) => new(Curve.MultiplyGenerator(k.Value));

    /// <summary>Decodes and validates a point received from outside.</summary>
    public static CurvePoint Decode(ReadOnlySpan<byte> encoded)
    {
        var expected = encoded.IsEmpty ? -1 : encoded[0] switch
        {
            0x02 or 0x03 => Curve.CompressedPointLength,
            0x04 => Curve.UncompressedPointLength,
            _ => -1,
        };
        if (expected < 0)
        {
            throw new CryptographicException("Unsupported point encoding (only SEC 1 compressed or uncompressed).");
        }
        if (encoded.Length != expected)
        {
            throw new CryptographicException($"A point with prefix 0x{encoded[0]:x2} is {expected} bytes, not {encoded.Length}.");
        }
        ECPoint decoded;
        try
        {
            decoded = Curve.Group.DecodePoint(encoded.ToArray());
        }
        catch (ArgumentException e)
        {
            throw new CryptographicException("The point is not on the curve.", e);
        }
        if (decoded.IsInfinity || !decoded.IsValid())
        {
            throw new CryptographicException("The point is not on the curve.");
        }
        return new CurvePoint(decoded);
    }

    /// <summary>Builds a point from affine coordinates (as .NET exports them), validating it.</summary>
    public static CurvePoint FromCoordinates(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var encoded = new byte[Curve.UncompressedPointLength];
        encoded[0] = 0x04;
        x.CopyTo(encoded.AsSpan(1 + Curve.ScalarLength - x.Length));
        y.CopyTo(encoded.AsSpan(1 + 2 * Curve.ScalarLength - y.Length));
        return Decode(encoded);
    }

    public CurvePoint Add(CurvePoint other) => new(Point.Add(other.Point));

    public CurvePoint Multiply(Scalar k) => new(Point.Multiply(k.Value));

    /// <summary>a·this + b·other in one pass (Shamir's trick), as in K = S_D·R_P2 + r6·Q_P (Eq. 17).</summary>
    public CurvePoint MultiplyAndAdd(Scalar a, CurvePoint other, Scalar b) =>
        new(ECAlgorithms.SumOfTwoMultiplies(Point, a.Value, other.Point, b.Value));

    public byte[] Encode() => (byte[])_encoded.Clone();

    internal ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Affine coordinates as 32-byte big-endian arrays, for .NET's ECParameters.</summary>
    internal ECPointCoordinates Coordinates() => new(
        Point.AffineXCoord.ToBigInteger().ToByteArrayUnsigned().PadLeft(Curve.ScalarLength),
        Point.AffineYCoord.ToBigInteger().ToByteArrayUnsigned().PadLeft(Curve.ScalarLength));

    public bool SameAs(CurvePoint other) => _encoded.AsSpan().SequenceEqual(other._encoded);

    public override string ToString() => Convert.ToHexString(_encoded);
}

internal readonly record struct ECPointCoordinates(byte[] X, byte[] Y);
