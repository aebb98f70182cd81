using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>The paper's h(·) and H(·).</summary>
public static class Hashing
{
    /// <summary>h(x): SHA-256.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    /// <summary>
    /// Hq(x) = SHA-256(x) mod q. The paper writes H(·) in Eqs. 3, 9 and h(·) in Eqs. 6, 10 for the same
    /// role; one hash-to-scalar serves all of them (docs/protocol.md#d-hash-to-scalar).
    /// </summary>
    public static Scalar ToScalar(ReadOnlySpan<byte> data) => Scalar.FromDigest(SHA256.HashData(data));
}
