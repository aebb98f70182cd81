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
        byte[] shared;
        byte[] ephemeralPoint;
        using (var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256))
        using (var recipientKey = recipient.AgreementKey)
        {
            shared = ephemeral.DeriveRawSecretAgreement(recipientKey);
            var q = ephemeral.ExportParameters(false).Q;
            ephemeralPoint = [(byte)(0x02 | (q.Y![^1] & 1)), .. q.X!];
        }
        var (key, nonce) = DeriveKeyAndNonce(shared, ephemeralPoint, recipient.Point);
        var sealedData = AeadCipher.Seal(key, nonce, plaintext, associatedData);
        CryptographicOperations.ZeroMemory(key);
        return [.. ephemeralPoint, .. sealedData];
    }

    public static byte[] Decrypt(PrivateKey recipient, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < Overhead)
        {
            throw new CryptographicException("The ciphertext is too short to hold an ephemeral key and a tag.");
        }
        var ephemeralPoint = ciphertext[..Curve.CompressedPointLength].ToArray();
        var coordinates = CurvePoint.Decode(ephemeralPoint).Coordinates();
        byte[] shared;
        using (var ephemeral = ECDiffieHellman.Create(new ECParameters
               {
                   Curve = ECCurve.NamedCurves.nistP256,
                   Q = new ECPoint { X = coordinates.X, Y = coordinates.Y },
               }))
        using (var ephemeralKey = ephemeral.PublicKey)
        {
            shared = recipient.AgreeWith(ephemeralKey);
        }
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
