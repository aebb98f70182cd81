using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>E_SEK / D_SEK (Eqs. 23–24, 45–50): AES-256-GCM under a session key, random nonce || ciphertext || tag.</summary>
public static class SessionCipher
{
    public const int Overhead = AeadCipher.NonceLength + AeadCipher.TagLength;

    public static byte[] Encrypt(SessionKey key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[AeadCipher.NonceLength];
        RandomSource.Fill(nonce);
        DeterministicRandom.Observe("SEK AES-GCM nonce", nonce);
        var sealedData = AeadCipher.Seal(key.Bytes, nonce, plaintext, associatedData);
        return [.. nonce, .. sealedData];
    }

    public static byte[] Decrypt(SessionKey key, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < Overhead)
        {
            throw new CryptographicException("The ciphertext is too short to hold a nonce and a tag.");
        }
        return AeadCipher.Open(key.Bytes, ciphertext[..AeadCipher.NonceLength], ciphertext[AeadCipher.NonceLength..], associatedData);
    }
}
