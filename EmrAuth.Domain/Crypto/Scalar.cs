using System.Security.Cryptography;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EmrAuth.Domain.Crypto;

/// <summary>An element of Z_q: private keys S_X, nonces r_i, hash values e_X.</summary>
public sealed class Scalar
{
    internal Scalar(BigInteger value) => Value = value.Mod(Curve.Order);

    internal BigInteger Value { get; }

    public bool IsZero => Value.SignValue == 0;

    /// <summary>A uniformly random non-zero scalar (the paper's r_i), by rejection sampling.</summary>
    public static Scalar Random()
    {
        Span<byte> buffer = stackalloc byte[Curve.ScalarLength];
        while (true)
        {
            RandomNumberGenerator.Fill(buffer);
            var candidate = new BigInteger(1, buffer.ToArray());
            if (candidate.SignValue > 0 && candidate.CompareTo(Curve.Order) < 0)
            {
                return new Scalar(candidate);
            }
        }
    }

    /// <summary>Parses a 32-byte big-endian scalar; rejects zero and values ≥ q.</summary>
    public static Scalar FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Curve.ScalarLength)
        {
            throw new CryptographicException($"A scalar is {Curve.ScalarLength} bytes, not {bytes.Length}.");
        }
        var value = new BigInteger(1, bytes.ToArray());
        if (value.SignValue == 0 || value.CompareTo(Curve.Order) >= 0)
        {
            throw new CryptographicException("The scalar is zero or not below the group order.");
        }
        return new Scalar(value);
    }

    /// <summary>The hash-to-scalar Hq(x) = SHA-256(x) mod q used for e_X (Eqs. 3, 6, 9).</summary>
    internal static Scalar FromDigest(ReadOnlySpan<byte> digest) => new(new BigInteger(1, digest.ToArray()));

    public Scalar Add(Scalar other) => new(Value.Add(other.Value));

    public Scalar Multiply(Scalar other) => new(Value.Multiply(other.Value));

    /// <summary>32-byte big-endian encoding; a secret when this scalar is a key.</summary>
    public byte[] ToBytes() => Value.ToByteArrayUnsigned().PadLeft(Curve.ScalarLength);

    public bool SameAs(Scalar other) => CryptographicOperations.FixedTimeEquals(ToBytes(), other.ToBytes());

    public override string ToString() => "Scalar(hidden)";
}

internal static class ByteArrayPadding
{
    public static byte[] PadLeft(this byte[] bytes, int length)
    {
        if (bytes.Length == length)
        {
            return bytes;
        }
        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return padded;
    }
}
