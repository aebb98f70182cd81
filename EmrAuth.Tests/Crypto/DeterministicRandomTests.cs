using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class DeterministicRandomTests
{
    private static readonly byte[] Message = "known-answer"u8.ToArray();

    [Fact]
    public void SameSeedSameStream_DifferentSeedDifferentStream()
    {
        byte[] Draw(string seed)
        {
            using var scope = DeterministicRandom.Open(seed);
            return [.. RandomSource.GetBytes(20), .. RandomSource.GetBytes(50)];
        }
        Assert.Equal(Draw("a"), Draw("a"));
        Assert.NotEqual(Draw("a"), Draw("b"));
        // Block 0 is HMAC-SHA256(SHA-256(seed), 0^8): the stream is what the vectors' documentation says.
        Assert.Equal(HMACSHA256.HashData(SHA256.HashData("a"u8), new byte[8]), Draw("a")[..32]);
    }

    [Fact]
    public void OutsideAScope_DrawsAreRandom()
    {
        Assert.False(RandomSource.IsDeterministic);
        Assert.NotEqual(RandomSource.GetBytes(32), RandomSource.GetBytes(32));
        using (DeterministicRandom.Open("x"))
        {
            Assert.True(RandomSource.IsDeterministic);
        }
        Assert.False(RandomSource.IsDeterministic);
    }

    [Fact]
    public void DeterministicSignature_IsReproducible_AndVerifiesWithDotNetEcdsa()
    {
        byte[] SignOnce()
        {
            using var scope = DeterministicRandom.Open("sign");
            using var key = PrivateKey.Generate();
            return [.. key.PublicKey.Point.Uncompressed, .. key.Sign(Message)];
        }
        var first = SignOnce();
        Assert.Equal(first, SignOnce());

        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = first[1..33], Y = first[33..65] },
        });
        Assert.True(ecdsa.VerifyData(Message, first[65..], HashAlgorithmName.SHA256));
        var tampered = (byte[])first[65..].Clone();
        tampered[^1] ^= 1;
        Assert.False(ecdsa.VerifyData(Message, tampered, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void ProductionSignature_IsRandomized()
    {
        using var key = PrivateKey.Generate();
        Assert.NotEqual(key.Sign(Message), key.Sign(Message));
    }
}
