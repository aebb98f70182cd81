using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// The hardened profile's session key and key-confirmation tag (docs/protocol.md#g-no-forward-secrecy), built only from .NET's HKDF and HMAC:
/// <list type="bullet">
/// <item>SEK = HKDF-SHA256(IKM = Z, salt = SHA-256(transcript), info = "EmrAuth hardened SEK v1" || name), where Z is
/// the raw ECDH secret of the two ephemeral keys alone. No long-term key enters SEK: leaking PRK_P or PRK_D later
/// yields neither Z nor SEK.</item>
/// <item>K_conf = HKDF-SHA256(IKM = SEK, info = "EmrAuth key confirmation v1" || tag name), a key used for nothing else.</item>
/// <item>Tag = HMAC-SHA256(K_conf, tag name || transcript), checked with a constant-time comparison.</item>
/// </list>
/// The transcript holds both identities, both long-term R values, both ephemeral points, Cert_D where present,
/// the timestamps and PK, so a tag made for one session never verifies in another.
/// </summary>
public static class KeyConfirmation
{
    public const int TagLength = 32;

    /// <summary>SEK from the ephemeral shared secret Z, bound to the transcript. Zeroes <paramref name="sharedSecret"/>.</summary>
    public static SessionKey DeriveSessionKey(byte[] sharedSecret, ReadOnlySpan<byte> transcript, string keyName)
    {
        try
        {
            DeterministicRandom.Observe("Z (ephemeral ECDH x)", sharedSecret);
            var salt = SHA256.HashData(transcript);
            var info = new FieldWriter().Add("EmrAuth hardened SEK v1").Add(keyName).ToArray();
            var key = new SessionKey(KeyDerivation.Derive(sharedSecret, salt, info, KeyDerivation.SessionKeyLength));
            DeterministicRandom.Observe("SEK " + keyName, key.Bytes);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>HMAC-SHA256(K_conf, tag name || transcript).</summary>
    public static byte[] Tag(SessionKey key, string tagName, ReadOnlySpan<byte> transcript)
    {
        var confirmationKey = KeyDerivation.Derive(key.Bytes, ReadOnlySpan<byte>.Empty,
            new FieldWriter().Add("EmrAuth key confirmation v1").Add(tagName).ToArray(), KeyDerivation.SessionKeyLength);
        try
        {
            return HMACSHA256.HashData(confirmationKey, new FieldWriter().Add(tagName).Add(transcript).ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(confirmationKey);
        }
    }

    /// <summary>Recomputes the tag and compares in constant time; a tag of the wrong length simply fails.</summary>
    public static bool Verify(SessionKey key, string tagName, ReadOnlySpan<byte> transcript, ReadOnlySpan<byte> tag) =>
        CryptographicOperations.FixedTimeEquals(Tag(key, tagName, transcript), tag);
}

/// <summary>The names of the hardened profile's key-confirmation checks, as the transcript and the portal show them.</summary>
public static class KeyConfirmationCheck
{
    /// <summary>In place of Eq. 22: the patient checks Tag_D1.</summary>
    public const string Consultation = "Key confirmation Tag_D1 = HMAC(K_conf(SEK_1), transcript)";

    /// <summary>In place of Eq. 44: the doctor checks Tag_HPC1.</summary>
    public const string EmrSearch = "Key confirmation Tag_HPC1 = HMAC(K_conf(SEK_2), transcript)";

    public static IReadOnlyList<string> All { get; } = [Consultation, EmrSearch];
}
