using System.Security.Cryptography;
using EmrAuth.Domain.Crypto.Native;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A point of the group, always finite and on the curve. Encoded as SEC 1 compressed (33 bytes);
/// decoding also accepts uncompressed (65 bytes) and rejects everything else. A point is validated once, when it is
/// decoded from outside; a point this process computed is trusted. All arithmetic is libcrypto's (<see cref="P256"/>).
/// </summary>
public sealed class CurvePoint
{
    private readonly byte[] _encoded;

    /// <summary>From an uncompressed encoding that <see cref="P256"/> produced (validated or computed).</summary>
    private CurvePoint(byte[] uncompressed)
    {
        Uncompressed = uncompressed;
        _encoded = new byte[Curve.CompressedPointLength];
        _encoded[0] = (byte)(0x02 | (uncompressed[^1] & 1));
        uncompressed.AsSpan(1, Curve.ScalarLength).CopyTo(_encoded.AsSpan(1));
    }

    /// <summary>04 || x || y, the form libcrypto reads back without a square root.</summary>
    internal byte[] Uncompressed { get; }

    /// <summary>The generator P.</summary>
    public static CurvePoint Generator { get; } = Decode(Convert.FromHexString(
        "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"));

    /// <summary>k·P, the form of R_X = r·P (Eqs. 2, 5, 8, 11, 16, 33, 38).</summary>
    public static CurvePoint MultiplyGenerator(Scalar k) => new(P256.MultiplyGenerator(k));

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
        return new CurvePoint(P256.Decode(encoded));
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

    public CurvePoint Add(CurvePoint other) => new(P256.Add(Uncompressed, other.Uncompressed));

    public CurvePoint Multiply(Scalar k) => new(P256.Multiply(Uncompressed, k));

    /// <summary>a·this + b·other, as in K = S_D·R_P2 + r6·Q_P (Eq. 17).</summary>
    public CurvePoint MultiplyAndAdd(Scalar a, CurvePoint other, Scalar b) =>
        new(P256.MultiplyAndAdd(Uncompressed, a, other.Uncompressed, b));

    public byte[] Encode() => (byte[])_encoded.Clone();

    internal ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Affine coordinates as 32-byte big-endian arrays, for .NET's ECParameters.</summary>
    internal ECPointCoordinates Coordinates() => new(
        Uncompressed[1..(1 + Curve.ScalarLength)],
        Uncompressed[(1 + Curve.ScalarLength)..]);

    public bool SameAs(CurvePoint other) => _encoded.AsSpan().SequenceEqual(other._encoded);

    public override string ToString() => Convert.ToHexString(_encoded);
}

internal readonly record struct ECPointCoordinates(byte[] X, byte[] Y);
