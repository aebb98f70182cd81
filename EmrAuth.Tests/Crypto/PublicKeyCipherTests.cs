using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class PublicKeyCipherTests
{
    private static readonly byte[] Plaintext = "ID_P || T_P1 || R_P1: some protocol payload"u8.ToArray();
    private static readonly byte[] AssociatedData = "EmrAuth message 1"u8.ToArray();

    [Fact]
    public void RoundTrips()
    {
        using var recipient = PrivateKey.Generate();
        var ciphertext = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        Assert.Equal(Plaintext.Length + PublicKeyCipher.Overhead, ciphertext.Length);
        Assert.Equal(Plaintext, PublicKeyCipher.Decrypt(recipient, ciphertext, AssociatedData));
    }

    [Fact]
    public void RoundTripsEmptyPlaintextAndAssociatedData()
    {
        using var recipient = PrivateKey.Generate();
        var ciphertext = PublicKeyCipher.Encrypt(recipient.PublicKey, [], []);
        Assert.Equal(PublicKeyCipher.Overhead, ciphertext.Length);
        Assert.Empty(PublicKeyCipher.Decrypt(recipient, ciphertext, []));
    }

    [Fact]
    public void EachEncryptionUsesAFreshEphemeralKey()
    {
        using var recipient = PrivateKey.Generate();
        var first = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        var second = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        Assert.NotEqual(first[..Curve.CompressedPointLength], second[..Curve.CompressedPointLength]);
        Assert.NotEqual(first[Curve.CompressedPointLength..], second[Curve.CompressedPointLength..]);
    }

    [Fact]
    public void FailsWithTheWrongRecipientKey()
    {
        using var recipient = PrivateKey.Generate();
        using var someoneElse = PrivateKey.Generate();
        var ciphertext = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        Assert.ThrowsAny<CryptographicException>(() => PublicKeyCipher.Decrypt(someoneElse, ciphertext, AssociatedData));
    }

    [Fact]
    public void FailsWithDifferentAssociatedData()
    {
        using var recipient = PrivateKey.Generate();
        var ciphertext = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        Assert.ThrowsAny<CryptographicException>(() => PublicKeyCipher.Decrypt(recipient, ciphertext, "EmrAuth message 2"u8));
        Assert.ThrowsAny<CryptographicException>(() => PublicKeyCipher.Decrypt(recipient, ciphertext, []));
    }

    /// <summary>
    /// Every byte of the ephemeral point (0–32), the body and the tag (last 16) is covered. Flipping the low bit of
    /// the prefix turns R into −R, which has the same ECDH x-coordinate: the HKDF binding to the encoded
    /// ephemeral point is what makes that fail too.
    /// </summary>
    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    public void FailsWhenAnyByteIsAltered(byte mask)
    {
        using var recipient = PrivateKey.Generate();
        var ciphertext = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        var accepted = new List<int>();
        for (var index = 0; index < ciphertext.Length; index++)
        {
            var altered = (byte[])ciphertext.Clone();
            altered[index] ^= mask;
            try
            {
                PublicKeyCipher.Decrypt(recipient, altered, AssociatedData);
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
        using var recipient = PrivateKey.Generate();
        var ciphertext = PublicKeyCipher.Encrypt(recipient.PublicKey, Plaintext, AssociatedData);
        Assert.ThrowsAny<CryptographicException>(() => PublicKeyCipher.Decrypt(recipient, ciphertext[..^1], AssociatedData));
        Assert.ThrowsAny<CryptographicException>(() => PublicKeyCipher.Decrypt(recipient, [.. ciphertext, 0], AssociatedData));
        Assert.ThrowsAny<CryptographicException>(() =>
            PublicKeyCipher.Decrypt(recipient, ciphertext[..(PublicKeyCipher.Overhead - 1)], AssociatedData));
        Assert.ThrowsAny<CryptographicException>(() => PublicKeyCipher.Decrypt(recipient, [], AssociatedData));
    }
}
