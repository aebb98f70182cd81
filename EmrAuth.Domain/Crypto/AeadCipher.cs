using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>AES-256-GCM with a 96-bit nonce and a 128-bit tag: the only parameters this project accepts.</summary>
public static class AeadCipher
{
    public const int KeyLength = 32;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Encrypts; returns ciphertext || tag.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckParameters(key, nonce);
        var output = new byte[plaintext.Length + TagLength];
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    /// <summary>Decrypts ciphertext || tag; throws <see cref="CryptographicException"/> if anything was altered.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData)
    {
        CheckParameters(key, nonce);
        if (sealedData.Length < TagLength)
        {
            throw new CryptographicException("The ciphertext is shorter than its authentication tag.");
        }
        var plaintextLength = sealedData.Length - TagLength;
        var plaintext = new byte[plaintextLength];
        using var aes = new AesGcm(key, TagLength);
        aes.Decrypt(nonce, sealedData[..plaintextLength], sealedData[plaintextLength..], plaintext, associatedData);
        return plaintext;
    }

    private static void CheckParameters(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != KeyLength)
        {
            throw new CryptographicException($"AES-GCM key must be {KeyLength} bytes, not {key.Length}.");
        }
        if (nonce.Length != NonceLength)
        {
            throw new CryptographicException($"AES-GCM nonce must be {NonceLength} bytes, not {nonce.Length}.");
        }
    }
}
