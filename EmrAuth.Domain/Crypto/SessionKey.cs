using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>SEK_1 or SEK_2: a 256-bit AES-GCM key. Never printed, compared in constant time.</summary>
public sealed class SessionKey
{
    private readonly byte[] _key;

    internal SessionKey(byte[] key)
    {
        if (key.Length != KeyDerivation.SessionKeyLength)
        {
            throw new CryptographicException($"A session key is {KeyDerivation.SessionKeyLength} bytes.");
        }
        _key = key;
    }

    public static SessionKey FromBytes(ReadOnlySpan<byte> key) => new(key.ToArray());

    internal ReadOnlySpan<byte> Bytes => _key;

    public byte[] Export() => (byte[])_key.Clone();

    public bool SameAs(SessionKey other) => CryptographicOperations.FixedTimeEquals(_key, other._key);

    public override string ToString() => "SessionKey(hidden)";
}
