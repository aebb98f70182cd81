using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// E_PUK / D_PRK (Eqs. 12, 14, 18, 20, 25, 27, 29, 31, 34, 36, 40, 42): ECIES on P-256. An ephemeral ECDH key
/// (<see cref="EphemeralKey"/>, raw libcrypto multiplication: no key import or repeated public-key check),
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
        byte[] shared;
        byte[] ephemeralPoint;
        using (var ephemeral = new EphemeralKey())
        {
            shared = ephemeral.AgreeWith(recipient.Point);
            ephemeralPoint = ephemeral.Point.Encode();
        }
        DeterministicRandom.Observe("ECIES ephemeral point", ephemeralPoint);
        var (key, nonce) = DeriveKeyAndNonce(shared, ephemeralPoint, recipient.Point);
        var sealedData = AeadCipher.Seal(key, nonce, plaintext, associatedData);
        CryptographicOperations.ZeroMemory(key);
        return [.. ephemeralPoint, .. sealedData];
    }

    /// <summary>The ephemeral point is validated once, by <see cref="CurvePoint.Decode"/>; the agreement is one raw multiplication.</summary>
    public static byte[] Decrypt(PrivateKey recipient, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < Overhead)
        {
            throw new CryptographicException("The ciphertext is too short to hold an ephemeral key and a tag.");
        }
        var ephemeralPoint = ciphertext[..Curve.CompressedPointLength].ToArray();
        var shared = recipient.AgreeWith(CurvePoint.Decode(ephemeralPoint));
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

    private static (byte[] Key, byte[] Nonce) DeriveKeyAndNonce(byte[] shared, byte[] ephemeralPoint, CurvePoint recipient)
    {
        var info = new FieldWriter().Add(Label).Add(ephemeralPoint).Add(recipient).ToArray();
        var okm = KeyDerivation.Derive(shared, ReadOnlySpan<byte>.Empty, info, AeadCipher.KeyLength + AeadCipher.NonceLength);
        CryptographicOperations.ZeroMemory(shared);
        var key = okm[..AeadCipher.KeyLength];
        var nonce = okm[AeadCipher.KeyLength..];
        CryptographicOperations.ZeroMemory(okm);
        return (key, nonce);
    }
}
