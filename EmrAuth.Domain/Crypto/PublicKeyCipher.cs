using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// E_PUK / D_PRK (Eqs. 12, 14, 18, 20, 25, 27, 29, 31, 34, 36, 40, 42): ECIES on P-256. An ephemeral ECDH key,
/// HKDF-SHA256 over the shared x-coordinate bound to both public keys, then AES-256-GCM.
/// Wire format: ephemeral point (33 bytes, compressed) || ciphertext || tag (16 bytes). The AES key and
/// nonce both come from HKDF, which is safe because every message has a fresh ephemeral key.
/// </summary>
public static class PublicKeyCipher
{
    public const int Overhead = Curve.CompressedPointLength + AeadCipher.TagLength;
    private static readonly byte[] Label = "EmrAuth ECIES v1"u8.ToArray();

    public static byte[] Encrypt(PublicKey recipient, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        using var ephemeral = PrivateKey.Generate();
        var shared = ephemeral.AgreeWith(recipient);
        var ephemeralPoint = ephemeral.PublicKey.Point;
        var (key, nonce) = DeriveKeyAndNonce(shared, ephemeralPoint, recipient.Point);
        var sealedData = AeadCipher.Seal(key, nonce, plaintext, associatedData);
        CryptographicOperations.ZeroMemory(key);
        return [.. ephemeralPoint.Encoded, .. sealedData];
    }

    public static byte[] Decrypt(PrivateKey recipient, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < Overhead)
        {
            throw new CryptographicException("The ciphertext is too short to hold an ephemeral key and a tag.");
        }
        var ephemeralPoint = CurvePoint.Decode(ciphertext[..Curve.CompressedPointLength]);
        using var ephemeral = new PublicKey(ephemeralPoint);
        var shared = recipient.AgreeWith(ephemeral);
        var (key, nonce) = DeriveKeyAndNonce(shared, ephemeralPoint, recipient.PublicKey.Point);
        try
        {
            return AeadCipher.Open(key, nonce, ciphertext[Curve.CompressedPointLength..], associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static (byte[] Key, byte[] Nonce) DeriveKeyAndNonce(byte[] shared, CurvePoint ephemeral, CurvePoint recipient)
    {
        var info = new FieldWriter().Add(Label).Add(ephemeral).Add(recipient).ToArray();
        var okm = KeyDerivation.Derive(shared, ReadOnlySpan<byte>.Empty, info, AeadCipher.KeyLength + AeadCipher.NonceLength);
        CryptographicOperations.ZeroMemory(shared);
        var key = okm[..AeadCipher.KeyLength];
        var nonce = okm[AeadCipher.KeyLength..];
        CryptographicOperations.ZeroMemory(okm);
        return (key, nonce);
    }
}
