using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class PrivateKeyTests
{
    private static readonly byte[] Message = "PUK_P || ID_P || T_P1"u8.ToArray();

    [Fact]
    public void ToString_DoesNotRevealTheScalar()
    {
        using var key = PrivateKey.Generate();
        var secret = key.Scalar.ToBytes();
        SecretAssert.Hidden(secret, key.ToString());
        SecretAssert.Hidden(secret, $"{key}");
    }

    [Fact]
    public void RejectsZero() => Assert.Throws<CryptographicException>(() => new PrivateKey(Scalar.FromDigest(new byte[32])));

    [Fact]
    public void PublicKey_IsScalarTimesGenerator()
    {
        var scalar = Scalar.Random();
        using var key = new PrivateKey(scalar);
        Assert.True(key.PublicKey.Point.SameAs(CurvePoint.MultiplyGenerator(scalar)));
        var one = Scalar.FromBytes(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"));
        using var unit = new PrivateKey(one);
        Assert.True(unit.PublicKey.Point.SameAs(CurvePoint.Generator));
    }

    [Theory]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    public void SignVerify_RoundTrips(DSASignatureFormat format)
    {
        using var key = PrivateKey.Generate();
        var signature = key.Sign(Message, format);
        if (format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        {
            Assert.Equal(64, signature.Length);
        }
        else
        {
            Assert.Equal(0x30, signature[0]);
        }
        Assert.True(key.PublicKey.Verify(Message, signature, format));
    }

    [Fact]
    public void SignVerify_DefaultsToP1363()
    {
        using var key = PrivateKey.Generate();
        var signature = key.Sign(Message);
        Assert.Equal(64, signature.Length);
        Assert.True(key.PublicKey.Verify(Message, signature));
        Assert.True(key.PublicKey.Verify(Message, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Theory]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    public void Verify_FailsForAlteredMessage(DSASignatureFormat format)
    {
        using var key = PrivateKey.Generate();
        var signature = key.Sign(Message, format);
        var altered = (byte[])Message.Clone();
        altered[^1] ^= 0x01;
        Assert.False(key.PublicKey.Verify(altered, signature, format));
        Assert.False(key.PublicKey.Verify(Message[..^1], signature, format));
    }

    [Theory]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    public void Verify_FailsForEveryAlteredSignatureByte(DSASignatureFormat format)
    {
        using var key = PrivateKey.Generate();
        var signature = key.Sign(Message, format);
        var accepted = new List<int>();
        for (var index = 0; index < signature.Length; index++)
        {
            var altered = (byte[])signature.Clone();
            altered[index] ^= 0x01;
            if (VerifiesOrThrows(key.PublicKey, altered, format))
            {
                accepted.Add(index);
            }
        }
        Assert.True(accepted.Count == 0, $"Altered signature bytes at [{string.Join(", ", accepted)}] were accepted.");
        Assert.False(VerifiesOrThrows(key.PublicKey, signature[..^1], format));
        Assert.False(VerifiesOrThrows(key.PublicKey, [.. signature, 0], format));
    }

    [Fact]
    public void Verify_FailsUnderAnotherKeyOrTheOtherFormat()
    {
        using var key = PrivateKey.Generate();
        using var other = PrivateKey.Generate();
        var p1363 = key.Sign(Message);
        var der = key.Sign(Message, DSASignatureFormat.Rfc3279DerSequence);
        Assert.False(other.PublicKey.Verify(Message, p1363));
        Assert.False(other.PublicKey.Verify(Message, der, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(VerifiesOrThrows(key.PublicKey, der, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(VerifiesOrThrows(key.PublicKey, p1363, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void AgreeWith_IsSymmetric()
    {
        using var alice = PrivateKey.Generate();
        using var bob = PrivateKey.Generate();
        var secret = alice.AgreeWith(bob.PublicKey);
        Assert.Equal(32, secret.Length);
        Assert.Equal(secret, bob.AgreeWith(alice.PublicKey));
        // Raw ECDH is the x-coordinate of a·B.
        var shared = bob.PublicKey.Point.Multiply(alice.Scalar);
        Assert.Equal(shared.Coordinates().X, secret);
    }

    /// <summary>A CryptographicException counts as rejection; the test only cares whether it was accepted.</summary>
    private static bool VerifiesOrThrows(PublicKey key, byte[] signature, DSASignatureFormat format)
    {
        try
        {
            return key.Verify(Message, signature, format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
