using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto.Native;

/// <summary>
/// Point arithmetic on P-256 by libcrypto's EC_POINT_mul and EC_POINT_add, on SEC 1 encodings in and uncompressed
/// encodings out, and ECDSA verification with public points. Every multiplication here is by a scalar that may be secret (S_X, s, r_i, k_U, ephemeral keys), and
/// also serves public ones (e_X·PK), so there is one constant-time path and nothing to choose wrongly.
/// </summary>
/// <remarks>
/// <para>
/// Constant time: each EC_POINT_mul call takes exactly one scalar, either n·G or m·Q, never both, and the scalar BIGNUM
/// carries BN_FLG_CONSTTIME. On x86-64 and arm64 OpenSSL 3 runs P-256 through ecp_nistz256 (fixed windows,
/// constant-time table gathers, a precomputed table for G); elsewhere a single-scalar EC_POINT_mul takes the Montgomery
/// ladder (ossl_ec_scalar_mul_ladder). A sum a·P + b·Q is therefore two calls and one EC_POINT_add, not the
/// two-scalar form, which on other builds falls back to variable-time wNAF. The addition's only branches are on
/// exceptional inputs (equal points, infinity), which a random secret reaches with negligible probability. What is
/// left variable-time: BN_bin2bn skips leading zero bytes, and nistz256 copies the BIGNUM's significant words, so the
/// time can tell a scalar whose top byte or top 64 bits are zero (probability 2^-8 and 2^-64): the same leak OpenSSL's
/// own ECDH and ECDSA key loading has.
/// </para>
/// <para>
/// Thread safety: the EC_GROUP is created once and only read afterwards (libcrypto takes it as const), so all threads
/// share it. Every call makes its own BN_CTX, points and numbers and frees them (clearing) before it returns.
/// </para>
/// </remarks>
internal static class P256
{
    private static readonly SafeEcGroupHandle Group = CreateGroup();

    /// <summary>
    /// Decodes a SEC 1 point (compressed or uncompressed) received from outside; rejects coordinates not below p,
    /// off-curve points and infinity. oct2point ends in EC_POINT_set_affine_coordinates, which checks the curve equation
    /// (a compressed x first needs a square root that BN_mod_sqrt verifies), so no separate EC_POINT_is_on_curve is needed.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        using var ctx = NewContext();
        using var point = NewPoint();
        if (LibCrypto.EC_POINT_oct2point(Group, point, ref MemoryMarshal.GetReference(encoded), (nuint)encoded.Length, ctx) != 1)
        {
            LibCrypto.ERR_clear_error();
            throw new CryptographicException("The point is not on the curve.");
        }
        return Export(point, ctx);
    }

    /// <summary>k·G.</summary>
    public static byte[] MultiplyGenerator(Scalar k)
    {
        using var ctx = NewContext();
        using var number = SecretNumber(k);
        using var result = NewPoint();
        Check(LibCrypto.EC_POINT_mul_generator(Group, result, number, IntPtr.Zero, IntPtr.Zero, ctx));
        return Export(result, ctx);
    }

    /// <summary>k·P for a point P of ours (uncompressed encoding).</summary>
    public static byte[] Multiply(ReadOnlySpan<byte> point, Scalar k)
    {
        using var ctx = NewContext();
        using var result = Multiply(point, k, ctx);
        return Export(result, ctx);
    }

    /// <summary>a·P + b·Q, as two single-scalar multiplications (see the remarks) and one addition.</summary>
    public static byte[] MultiplyAndAdd(ReadOnlySpan<byte> p, Scalar a, ReadOnlySpan<byte> q, Scalar b)
    {
        using var ctx = NewContext();
        using var first = Multiply(p, a, ctx);
        using var second = Multiply(q, b, ctx);
        Check(LibCrypto.EC_POINT_add(Group, first, first, second, ctx));
        return Export(first, ctx);
    }

    /// <summary>P + Q.</summary>
    public static byte[] Add(ReadOnlySpan<byte> p, ReadOnlySpan<byte> q)
    {
        using var ctx = NewContext();
        using var sum = Load(p, ctx);
        using var other = Load(q, ctx);
        Check(LibCrypto.EC_POINT_add(Group, sum, sum, other, ctx));
        return Export(sum, ctx);
    }

    /// <summary>Raw ECDH: the x-coordinate of k·P (32 bytes, a secret the caller zeroes). The full product never leaves this method.</summary>
    public static byte[] SharedX(ReadOnlySpan<byte> point, Scalar k)
    {
        var product = Multiply(point, k);
        try
        {
            return product[1..(1 + Curve.ScalarLength)];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(product);
        }
    }

    /// <summary>
    /// ECDSA verification of r||s over a SHA-256 digest with a public point of ours or validated at decoding. .NET's key
    /// import would run EC_KEY_check_key (a multiplication by the group order) on every new key first; here the point is
    /// only loaded. Everything is public, so nothing needs constant time.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> point, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 2 * Curve.ScalarLength)
        {
            return false;
        }
        using var ctx = NewContext();
        using var publicPoint = Load(point, ctx);
        using var key = LibCrypto.EC_KEY_new_by_curve_name(LibCrypto.NidP256);
        if (key.IsInvalid)
        {
            Fail();
        }
        Check(LibCrypto.EC_KEY_set_public_key(key, publicPoint));
        using var sig = LibCrypto.ECDSA_SIG_new();
        if (sig.IsInvalid)
        {
            Fail();
        }
        using var r = PublicNumber(signature[..Curve.ScalarLength]);
        using var s = PublicNumber(signature[Curve.ScalarLength..]);
        Check(LibCrypto.ECDSA_SIG_set0(sig, r, s));
        // The signature owns r and s now and frees them with itself.
        r.SetHandleAsInvalid();
        s.SetHandleAsInvalid();
        var result = LibCrypto.ECDSA_do_verify(ref MemoryMarshal.GetReference(digest), digest.Length, sig, key);
        if (result != 1)
        {
            LibCrypto.ERR_clear_error();
        }
        return result == 1;
    }

    /// <summary>
    /// ECDSA over a SHA-256 digest with an explicit nonce k, for reproducible known-answer vectors only (production
    /// signing is .NET's ECDsa with OpenSSL's own random k). libcrypto does the signing equation; this method only
    /// hands it k⁻¹ mod n (BN_mod_inverse on a constant-time BIGNUM) and r = x(k·G) mod n. Returns r||s.
    /// </summary>
    public static byte[] SignWithNonce(Scalar privateKey, Scalar k, ReadOnlySpan<byte> digest)
    {
        using var ctx = NewContext();
        using var key = LibCrypto.EC_KEY_new_by_curve_name(LibCrypto.NidP256);
        if (key.IsInvalid)
        {
            Fail();
        }
        using (var d = SecretNumber(privateKey))
        {
            Check(LibCrypto.EC_KEY_set_private_key(key, d));
        }
        var kG = MultiplyGenerator(k);
        // x(k·G) < p; OpenSSL reduces r mod n itself only when it draws k, so reduce here: x ≥ n happens with probability 2^-128.
        using var r = ReducedX(kG);
        using var kNumber = SecretNumber(k);
        using var kinv = LibCrypto.BN_mod_inverse(IntPtr.Zero, kNumber, LibCrypto.EC_GROUP_get0_order(Group), ctx);
        if (kinv.IsInvalid)
        {
            Fail();
        }
        using var signature = LibCrypto.ECDSA_do_sign_ex(ref MemoryMarshal.GetReference(digest), digest.Length, kinv, r, key);
        if (signature.IsInvalid)
        {
            Fail();
        }
        LibCrypto.ECDSA_SIG_get0(signature, out var rOut, out var sOut);
        var result = new byte[2 * Curve.ScalarLength];
        if (LibCrypto.BN_bn2binpad(rOut, ref result[0], Curve.ScalarLength) != Curve.ScalarLength
            || LibCrypto.BN_bn2binpad(sOut, ref result[Curve.ScalarLength], Curve.ScalarLength) != Curve.ScalarLength)
        {
            Fail();
        }
        return result;
    }

    private static SafeBigNumHandle ReducedX(byte[] uncompressedPoint)
    {
        var x = Scalar.FromDigest(uncompressedPoint.AsSpan(1, Curve.ScalarLength));
        return PublicNumber(x.ToBytes());
    }

    private static SafeBigNumHandle PublicNumber(ReadOnlySpan<byte> bytes)
    {
        var number = LibCrypto.BN_bin2bn(ref MemoryMarshal.GetReference(bytes), bytes.Length, IntPtr.Zero);
        if (number.IsInvalid)
        {
            number.Dispose();
            Fail();
        }
        return number;
    }

    private static SafeEcPointHandle Multiply(ReadOnlySpan<byte> point, Scalar k, SafeBnCtxHandle ctx)
    {
        using var number = SecretNumber(k);
        using var basePoint = Load(point, ctx);
        var result = NewPoint();
        if (LibCrypto.EC_POINT_mul_point(Group, result, IntPtr.Zero, basePoint, number, ctx) != 1)
        {
            result.Dispose();
            Fail();
        }
        return result;
    }

    /// <summary>A point this process made or already validated (<see cref="Decode"/>); oct2point still checks it is on the curve.</summary>
    private static SafeEcPointHandle Load(ReadOnlySpan<byte> encoded, SafeBnCtxHandle ctx)
    {
        var point = NewPoint();
        if (LibCrypto.EC_POINT_oct2point(Group, point, ref MemoryMarshal.GetReference(encoded), (nuint)encoded.Length, ctx) != 1)
        {
            point.Dispose();
            Fail();
        }
        return point;
    }

    /// <summary>The scalar as a BIGNUM flagged constant-time; the big-endian copy on the stack is zeroed at once.</summary>
    private static SafeBigNumHandle SecretNumber(Scalar k)
    {
        Span<byte> bytes = stackalloc byte[Curve.ScalarLength];
        try
        {
            k.WriteBigEndian(bytes);
            var number = LibCrypto.BN_bin2bn(ref MemoryMarshal.GetReference(bytes), bytes.Length, IntPtr.Zero);
            if (number.IsInvalid)
            {
                number.Dispose();
                Fail();
            }
            LibCrypto.BN_set_flags(number, LibCrypto.BnFlagConstTime);
            return number;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[] Export(SafeEcPointHandle point, SafeBnCtxHandle ctx)
    {
        if (LibCrypto.EC_POINT_is_at_infinity(Group, point) == 1)
        {
            throw new CryptographicException("The point at infinity is not a valid key or nonce point.");
        }
        var encoded = new byte[Curve.UncompressedPointLength];
        var written = LibCrypto.EC_POINT_point2oct(Group, point, LibCrypto.PointUncompressed, ref encoded[0], (nuint)encoded.Length, ctx);
        if (written != (nuint)encoded.Length)
        {
            Fail();
        }
        return encoded;
    }

    private static SafeEcPointHandle NewPoint()
    {
        var point = LibCrypto.EC_POINT_new(Group);
        if (point.IsInvalid)
        {
            point.Dispose();
            Fail();
        }
        return point;
    }

    private static SafeBnCtxHandle NewContext()
    {
        var ctx = LibCrypto.BN_CTX_secure_new();
        if (ctx.IsInvalid)
        {
            ctx.Dispose();
            Fail();
        }
        return ctx;
    }

    private static SafeEcGroupHandle CreateGroup()
    {
        var group = LibCrypto.EC_GROUP_new_by_curve_name(LibCrypto.NidP256);
        if (group.IsInvalid)
        {
            group.Dispose();
            Fail();
        }
        return group;
    }

    private static void Check(int result)
    {
        if (result != 1)
        {
            Fail();
        }
    }

    private static void Fail()
    {
        LibCrypto.ERR_clear_error();
        throw new CryptographicException("libcrypto refused a P-256 operation.");
    }
}
