using System.Runtime.InteropServices;

namespace EmrAuth.Domain.Crypto.Native;

/// <summary>
/// The few libcrypto (OpenSSL 3) functions the curve arithmetic needs. libcrypto.so.3 is the library .NET's own
/// System.Security.Cryptography.Native.OpenSsl shim loads on Linux, so the process maps it once and this layer adds no
/// dependency. Only <see cref="P256"/> calls these; every pointer is wrapped in a SafeHandle (SafeHandles.cs).
/// </summary>
internal static class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    /// <summary>NID_X9_62_prime256v1 (obj_mac.h).</summary>
    public const int NidP256 = 415;

    /// <summary>BN_FLG_CONSTTIME (bn.h): a BIGNUM holding a secret.</summary>
    public const int BnFlagConstTime = 0x04;

    /// <summary>point_conversion_form_t (ec.h).</summary>
    public const int PointCompressed = 2;

    public const int PointUncompressed = 4;

    [DllImport(Library)]
    public static extern SafeEcGroupHandle EC_GROUP_new_by_curve_name(int nid);

    [DllImport(Library)]
    public static extern void EC_GROUP_free(IntPtr group);

    [DllImport(Library)]
    public static extern SafeEcPointHandle EC_POINT_new(SafeEcGroupHandle group);

    [DllImport(Library)]
    public static extern void EC_POINT_clear_free(IntPtr point);

    [DllImport(Library)]
    public static extern int EC_POINT_oct2point(SafeEcGroupHandle group, SafeEcPointHandle point, ref byte buffer, nuint length, SafeBnCtxHandle ctx);

    [DllImport(Library)]
    public static extern nuint EC_POINT_point2oct(SafeEcGroupHandle group, SafeEcPointHandle point, int form, ref byte buffer, nuint length, SafeBnCtxHandle ctx);

    [DllImport(Library)]
    public static extern int EC_POINT_is_at_infinity(SafeEcGroupHandle group, SafeEcPointHandle point);

    /// <summary>EC_POINT_mul(group, r, n, NULL, NULL, ctx): r = n·G. Never with both scalars, see <see cref="P256"/>.</summary>
    [DllImport(Library, EntryPoint = "EC_POINT_mul")]
    public static extern int EC_POINT_mul_generator(SafeEcGroupHandle group, SafeEcPointHandle r, SafeBigNumHandle n, IntPtr q, IntPtr m, SafeBnCtxHandle ctx);

    /// <summary>EC_POINT_mul(group, r, NULL, q, m, ctx): r = m·q.</summary>
    [DllImport(Library, EntryPoint = "EC_POINT_mul")]
    public static extern int EC_POINT_mul_point(SafeEcGroupHandle group, SafeEcPointHandle r, IntPtr n, SafeEcPointHandle q, SafeBigNumHandle m, SafeBnCtxHandle ctx);

    [DllImport(Library)]
    public static extern int EC_POINT_add(SafeEcGroupHandle group, SafeEcPointHandle r, SafeEcPointHandle a, SafeEcPointHandle b, SafeBnCtxHandle ctx);

    [DllImport(Library)]
    public static extern SafeBigNumHandle BN_bin2bn(ref byte bytes, int length, IntPtr reuse);

    [DllImport(Library)]
    public static extern void BN_set_flags(SafeBigNumHandle number, int flags);

    [DllImport(Library)]
    public static extern void BN_clear_free(IntPtr number);

    [DllImport(Library)]
    public static extern SafeBnCtxHandle BN_CTX_secure_new();

    [DllImport(Library)]
    public static extern void BN_CTX_free(IntPtr ctx);

    [DllImport(Library)]
    public static extern SafeEcKeyHandle EC_KEY_new_by_curve_name(int nid);

    /// <summary>Copies the point into the key; runs no key check (the point was validated when it was decoded).</summary>
    [DllImport(Library)]
    public static extern int EC_KEY_set_public_key(SafeEcKeyHandle key, SafeEcPointHandle point);

    [DllImport(Library)]
    public static extern void EC_KEY_free(IntPtr key);

    [DllImport(Library)]
    public static extern SafeEcdsaSigHandle ECDSA_SIG_new();

    /// <summary>On success the signature owns r and s.</summary>
    [DllImport(Library)]
    public static extern int ECDSA_SIG_set0(SafeEcdsaSigHandle signature, SafeBigNumHandle r, SafeBigNumHandle s);

    [DllImport(Library)]
    public static extern void ECDSA_SIG_free(IntPtr signature);

    /// <summary>1 valid, 0 invalid, −1 error; r and s outside [1, n−1] are invalid.</summary>
    [DllImport(Library)]
    public static extern int ECDSA_do_verify(ref byte digest, int length, SafeEcdsaSigHandle signature, SafeEcKeyHandle key);

    /// <summary>Copies the scalar into the key (the BIGNUM stays the caller's).</summary>
    [DllImport(Library)]
    public static extern int EC_KEY_set_private_key(SafeEcKeyHandle key, SafeBigNumHandle privateKey);

    /// <summary>The group's order n; owned by the group, never freed by the caller.</summary>
    [DllImport(Library)]
    public static extern IntPtr EC_GROUP_get0_order(SafeEcGroupHandle group);

    /// <summary>a⁻¹ mod n into a new BIGNUM; with BN_FLG_CONSTTIME on a, OpenSSL takes its branch-free inversion.</summary>
    [DllImport(Library)]
    public static extern SafeBigNumHandle BN_mod_inverse(IntPtr reuse, SafeBigNumHandle a, IntPtr modulus, SafeBnCtxHandle ctx);

    /// <summary>ECDSA with a caller-supplied k⁻¹ and r = x(k·G) mod n (deprecated in OpenSSL 3 but exported).</summary>
    [DllImport(Library)]
    public static extern SafeEcdsaSigHandle ECDSA_do_sign_ex(ref byte digest, int length, SafeBigNumHandle kinv, SafeBigNumHandle r, SafeEcKeyHandle key);

    /// <summary>r and s stay owned by the signature.</summary>
    [DllImport(Library)]
    public static extern void ECDSA_SIG_get0(SafeEcdsaSigHandle signature, out IntPtr r, out IntPtr s);

    [DllImport(Library)]
    public static extern int BN_bn2binpad(IntPtr number, ref byte destination, int length);

    /// <summary>A failed call leaves entries on this thread's error queue; .NET's own OpenSSL calls must not read them.</summary>
    [DllImport(Library)]
    public static extern void ERR_clear_error();
}
