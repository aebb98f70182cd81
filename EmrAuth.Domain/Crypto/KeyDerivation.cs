using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>HKDF-SHA256 (RFC 5869) through .NET's implementation.</summary>
public static class KeyDerivation
{
    public static byte[] Derive(ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKeyMaterial, output, salt, info);
        return output;
    }

    /// <summary>
    /// The h(K1 || K2) of Eqs. 17, 22, 39, 44: a key derivation over the two encoded points, never a bare hash
    /// of a shared secret.
    /// </summary>
    public static SessionKey SessionKey(CurvePoint k1, CurvePoint k2)
    {
        var material = new FieldWriter().Add(k1).Add(k2).ToArray();
        var key = Derive(material, ReadOnlySpan<byte>.Empty, "EmrAuth session key v1"u8, SessionKeyLength);
        CryptographicOperations.ZeroMemory(material);
        return new SessionKey(key);
    }

    public const int SessionKeyLength = 32;
}
