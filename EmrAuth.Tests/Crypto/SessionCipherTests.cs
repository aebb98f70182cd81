using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class SessionCipherTests
{
    private static readonly byte[] Plaintext = "T_P3 || prescription record"u8.ToArray();
    private static readonly byte[] AssociatedData = "EmrAuth session message"u8.ToArray();

    private static SessionKey NewKey() => SessionKey.FromBytes(RandomNumberGenerator.GetBytes(KeyDerivation.SessionKeyLength));

    [Fact]
    public void RoundTrips()
    {
        var key = NewKey();
        var ciphertext = SessionCipher.Encrypt(key, Plaintext, AssociatedData);
        Assert.Equal(Plaintext.Length + SessionCipher.Overhead, ciphertext.Length);
        Assert.Equal(Plaintext, SessionCipher.Decrypt(key, ciphertext, AssociatedData));
        Assert.Empty(SessionCipher.Decrypt(key, SessionCipher.Encrypt(key, [], []), []));
    }

    [Fact]
    public void EachEncryptionUsesAFreshNonce()
    {
        var key = NewKey();
        var first = SessionCipher.Encrypt(key, Plaintext, AssociatedData);
        var second = SessionCipher.Encrypt(key, Plaintext, AssociatedData);
        Assert.NotEqual(first[..AeadCipher.NonceLength], second[..AeadCipher.NonceLength]);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void FailsWithTheWrongKey()
    {
        var ciphertext = SessionCipher.Encrypt(NewKey(), Plaintext, AssociatedData);
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(NewKey(), ciphertext, AssociatedData));
    }

    [Fact]
    public void FailsWithDifferentAssociatedData()
    {
        var key = NewKey();
        var ciphertext = SessionCipher.Encrypt(key, Plaintext, AssociatedData);
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(key, ciphertext, "EmrAuth session messagE"u8));
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(key, ciphertext, []));
    }

    /// <summary>Every byte of the nonce (first 12), the body and the tag (last 16).</summary>
    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    public void FailsWhenAnyByteIsAltered(byte mask)
    {
        var key = NewKey();
        var ciphertext = SessionCipher.Encrypt(key, Plaintext, AssociatedData);
        var accepted = new List<int>();
        for (var index = 0; index < ciphertext.Length; index++)
        {
            var altered = (byte[])ciphertext.Clone();
            altered[index] ^= mask;
            try
            {
                SessionCipher.Decrypt(key, altered, AssociatedData);
                accepted.Add(index);
            }
            catch (CryptographicException)
            {
            }
        }
        Assert.True(accepted.Count == 0, $"Altered bytes at [{string.Join(", ", accepted)}] were accepted.");
    }

    [Fact]
    public void FailsWhenTruncatedOrExtended()
    {
        var key = NewKey();
        var ciphertext = SessionCipher.Encrypt(key, Plaintext, AssociatedData);
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(key, ciphertext[..^1], AssociatedData));
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(key, [.. ciphertext, 0], AssociatedData));
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(key, ciphertext[..(SessionCipher.Overhead - 1)], AssociatedData));
        Assert.ThrowsAny<CryptographicException>(() => SessionCipher.Decrypt(key, [], AssociatedData));
    }
}
