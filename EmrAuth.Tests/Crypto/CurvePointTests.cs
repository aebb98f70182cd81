using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class CurvePointTests
{
    // SEC 2: the P-256 generator, x then y.
    private const string GeneratorX = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    private const string GeneratorY = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

    private static byte[] UncompressedGenerator => Convert.FromHexString("04" + GeneratorX + GeneratorY);

    // Gy is odd, so the compressed generator has prefix 03.
    private static byte[] CompressedGenerator => Convert.FromHexString("03" + GeneratorX);

    [Fact]
    public void Decode_AcceptsTheGeneratorInBothForms()
    {
        Assert.True(CurvePoint.Decode(UncompressedGenerator).SameAs(CurvePoint.Generator));
        Assert.True(CurvePoint.Decode(CompressedGenerator).SameAs(CurvePoint.Generator));
        Assert.Equal(CompressedGenerator, CurvePoint.Generator.Encode());
    }

    [Fact]
    public void Decode_RejectsEmpty() => Assert.Throws<CryptographicException>(() => CurvePoint.Decode([]));

    [Theory]
    [InlineData(0x02, 32)]
    [InlineData(0x02, 34)]
    [InlineData(0x02, 65)]
    [InlineData(0x03, 1)]
    [InlineData(0x03, 32)]
    [InlineData(0x03, 34)]
    [InlineData(0x04, 1)]
    [InlineData(0x04, 33)]
    [InlineData(0x04, 64)]
    [InlineData(0x04, 66)]
    public void Decode_RejectsWrongLengthForPrefix(byte prefix, int length)
    {
        // Start from valid generator bytes so that only the length is wrong.
        var source = prefix == 0x04 ? UncompressedGenerator : CompressedGenerator;
        var encoded = new byte[length];
        source.AsSpan(0, Math.Min(length, source.Length)).CopyTo(encoded);
        encoded[0] = prefix;
        var error = Assert.Throws<CryptographicException>(() => CurvePoint.Decode(encoded));
        Assert.Contains($"not {length}", error.Message);
    }

    [Fact]
    public void Decode_RejectsPointAtInfinity()
    {
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode([0x00]));
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode(new byte[Curve.UncompressedPointLength]));
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode(new byte[Curve.CompressedPointLength]));
    }

    [Theory]
    [InlineData(0x06)]
    [InlineData(0x07)]
    public void Decode_RejectsHybridEncoding(byte prefix)
    {
        // 07 is the correct hybrid prefix for the generator (odd y); 06 the wrong-parity one. Both are refused.
        var hybrid = UncompressedGenerator;
        hybrid[0] = prefix;
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode(hybrid));
    }

    [Theory]
    [InlineData(64)] // last byte of y
    [InlineData(33)] // first byte of y
    [InlineData(1)] // first byte of x
    public void Decode_RejectsPointOffTheCurve(int index)
    {
        var encoded = UncompressedGenerator;
        encoded[index] ^= 0x01;
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode(encoded));
    }

    [Fact]
    public void Decode_RejectsCompressedXWithoutAPoint()
    {
        // x = 1: x^3 - 3x + b is not a square mod p for P-256, so no point has this x.
        var encoded = new byte[Curve.CompressedPointLength];
        encoded[0] = 0x02;
        encoded[^1] = 0x01;
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode(encoded));
    }

    [Fact]
    public void Decode_RejectsCoordinateNotBelowTheFieldPrime()
    {
        var encoded = new byte[Curve.CompressedPointLength];
        encoded.AsSpan(1).Fill(0xff);
        encoded[0] = 0x02;
        Assert.Throws<CryptographicException>(() => CurvePoint.Decode(encoded));
    }

    [Fact]
    public void EncodeDecode_RoundTripsCompressedAndUncompressed()
    {
        for (var i = 0; i < 16; i++)
        {
            var point = CurvePoint.MultiplyGenerator(Scalar.Random());
            var compressed = point.Encode();
            Assert.Equal(Curve.CompressedPointLength, compressed.Length);
            Assert.True(compressed[0] is 0x02 or 0x03);
            Assert.True(CurvePoint.Decode(compressed).SameAs(point));
            Assert.Equal(compressed, CurvePoint.Decode(compressed).Encode());

            var coordinates = point.Coordinates();
            byte[] uncompressed = [0x04, .. coordinates.X, .. coordinates.Y];
            var decoded = CurvePoint.Decode(uncompressed);
            Assert.True(decoded.SameAs(point));
            Assert.Equal(compressed, decoded.Encode());
        }
    }

    [Fact]
    public void Encode_ReturnsACopy()
    {
        var encoded = CurvePoint.Generator.Encode();
        encoded[1] ^= 0xff;
        Assert.Equal(CompressedGenerator, CurvePoint.Generator.Encode());
    }

    [Fact]
    public void MultiplyAndAdd_AgreesWithSeparateOperations()
    {
        var a = Scalar.Random();
        var b = Scalar.Random();
        var other = CurvePoint.MultiplyGenerator(Scalar.Random());
        var expected = CurvePoint.Generator.Multiply(a).Add(other.Multiply(b));
        Assert.True(CurvePoint.Generator.MultiplyAndAdd(a, other, b).SameAs(expected));
    }
}
