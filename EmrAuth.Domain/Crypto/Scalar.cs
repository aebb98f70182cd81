using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// An element of Z_q: private keys S_X, the master secret s, nonces r_i, k_U, ephemeral keys, and hash values e_X.
/// Every value is treated as a secret: it is four fixed limbs, its arithmetic is <see cref="ScalarField"/>'s
/// constant-time code, and its only way onto a point is libcrypto (<see cref="Native.P256"/>). This type has no path to
/// BouncyCastle or to a BigInteger; ScalarIsolationTests enforces that over the Domain assembly's IL.
/// </summary>
public sealed class Scalar
{
    private readonly ulong[] _limbs;

    private Scalar(ulong[] limbs) => _limbs = limbs;

    public bool IsZero => ScalarField.ZeroMask(_limbs) != 0;

    /// <summary>A uniformly random non-zero scalar (the paper's r_i), by rejection sampling; only a rejected draw costs time.</summary>
    public static Scalar Random()
    {
        Span<byte> buffer = stackalloc byte[Curve.ScalarLength];
        try
        {
            while (true)
            {
                RandomSource.Fill(buffer);
                var candidate = Parse(buffer);
                if ((ScalarField.BelowOrderMask(candidate._limbs) & ~ScalarField.ZeroMask(candidate._limbs)) != 0)
                {
                    DeterministicRandom.Observe("random scalar", buffer);
                    return candidate;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Parses a 32-byte big-endian scalar; rejects zero and values ≥ q.</summary>
    public static Scalar FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Curve.ScalarLength)
        {
            throw new CryptographicException($"A scalar is {Curve.ScalarLength} bytes, not {bytes.Length}.");
        }
        var value = Parse(bytes);
        if ((ScalarField.BelowOrderMask(value._limbs) & ~ScalarField.ZeroMask(value._limbs)) == 0)
        {
            throw new CryptographicException("The scalar is zero or not below the group order.");
        }
        return value;
    }

    /// <summary>The hash-to-scalar Hq(x) = SHA-256(x) mod q used for e_X (Eqs. 3, 6, 9).</summary>
    internal static Scalar FromDigest(ReadOnlySpan<byte> digest)
    {
        var value = Parse(digest);
        ScalarField.Reduce(value._limbs, value._limbs);
        return value;
    }

    public Scalar Add(Scalar other)
    {
        var sum = new ulong[ScalarField.Limbs];
        ScalarField.Add(_limbs, other._limbs, sum);
        return new Scalar(sum);
    }

    public Scalar Multiply(Scalar other)
    {
        var product = new ulong[ScalarField.Limbs];
        ScalarField.Multiply(_limbs, other._limbs, product);
        return new Scalar(product);
    }

    /// <summary>32-byte big-endian encoding; a secret when this scalar is a key.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Curve.ScalarLength];
        WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary>For libcrypto (<see cref="Native.P256"/>) without a heap copy.</summary>
    internal void WriteBigEndian(Span<byte> destination)
    {
        for (var i = 0; i < ScalarField.Limbs; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[((ScalarField.Limbs - 1 - i) * 8)..], _limbs[i]);
        }
    }

    public bool SameAs(Scalar other)
    {
        ulong difference = 0;
        for (var i = 0; i < ScalarField.Limbs; i++)
        {
            difference |= _limbs[i] ^ other._limbs[i];
        }
        return difference == 0;
    }

    /// <summary>Overwrites the value with zero, for a one-session key (<see cref="EphemeralKey"/>) that is done with it.</summary>
    internal void Erase() => Array.Clear(_limbs);

    public override string ToString() => "Scalar(hidden)";

    private static Scalar Parse(ReadOnlySpan<byte> bigEndian)
    {
        var limbs = new ulong[ScalarField.Limbs];
        for (var i = 0; i < ScalarField.Limbs; i++)
        {
            limbs[i] = BinaryPrimitives.ReadUInt64BigEndian(bigEndian[((ScalarField.Limbs - 1 - i) * 8)..]);
        }
        return new Scalar(limbs);
    }
}
