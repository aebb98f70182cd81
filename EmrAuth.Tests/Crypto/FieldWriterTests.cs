using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class FieldWriterTests
{
    [Fact]
    public void Concat_SplitsAreUnambiguous()
    {
        Assert.NotEqual(FieldWriter.Concat("ab", "c"), FieldWriter.Concat("a", "bc"));
        Assert.NotEqual(FieldWriter.Concat("abc"), FieldWriter.Concat("ab", "c"));
        Assert.NotEqual(FieldWriter.Concat("", "abc"), FieldWriter.Concat("abc", ""));
    }

    [Fact]
    public void Add_WritesFourByteBigEndianLengthThenBytes()
    {
        var encoded = new FieldWriter().Add("ab").Add("c").ToArray();
        Assert.Equal(Convert.FromHexString("00000002" + "6162" + "00000001" + "63"), encoded);
        Assert.Equal(encoded, FieldWriter.Concat("ab", "c"));
    }

    [Fact]
    public void Add_Int64_IsEightBytesBigEndian() =>
        Assert.Equal(Convert.FromHexString("00000008" + "0102030405060708"), new FieldWriter().Add(0x0102030405060708L).ToArray());

    [Fact]
    public void ReaderReadsBackEveryFieldType()
    {
        var point = CurvePoint.MultiplyGenerator(Scalar.Random());
        var encoded = new FieldWriter().Add("héllo").Add([1, 2, 3]).Add(-42L).Add(point).Add([]).ToArray();

        var reader = new FieldReader(encoded);
        Assert.Equal("héllo", reader.ReadString());
        Assert.Equal([1, 2, 3], reader.ReadBytes());
        Assert.Equal(-42L, reader.ReadInt64());
        Assert.True(reader.ReadPoint().SameAs(point));
        Assert.Empty(reader.ReadBytes());
        reader.EnsureEnd();
    }

    [Fact]
    public void Reader_RejectsEveryTruncation()
    {
        var encoded = FieldWriter.Concat("ab", "c");
        for (var length = 0; length < encoded.Length; length++)
        {
            var reader = new FieldReader(encoded[..length]);
            Assert.Throws<MalformedMessageException>(() =>
            {
                reader.ReadString();
                reader.ReadString();
                reader.EnsureEnd();
            });
        }
    }

    [Theory]
    [InlineData("00")]
    [InlineData("00000000")]
    [InlineData("0000000163")]
    public void Reader_RejectsTrailingBytes(string trailing)
    {
        byte[] encoded = [.. FieldWriter.Concat("ab", "c"), .. Convert.FromHexString(trailing)];
        var reader = new FieldReader(encoded);
        Assert.Equal("ab", reader.ReadString());
        Assert.Equal("c", reader.ReadString());
        Assert.Throws<MalformedMessageException>(reader.EnsureEnd);
    }

    [Theory]
    [InlineData("80000000")] // negative length
    [InlineData("7fffffff61")] // far longer than the message
    [InlineData("0000000261")] // one byte short
    public void Reader_RejectsBadLengths(string hex) =>
        Assert.Throws<MalformedMessageException>(() => new FieldReader(Convert.FromHexString(hex)).ReadBytes());

    [Fact]
    public void Reader_RejectsInvalidUtf8() =>
        Assert.Throws<MalformedMessageException>(() => new FieldReader(new FieldWriter().Add([0xc3, 0x28]).ToArray()).ReadString());

    [Fact]
    public void Reader_RejectsInt64OfWrongSize() =>
        Assert.Throws<MalformedMessageException>(() => new FieldReader(new FieldWriter().Add([1, 2, 3, 4]).ToArray()).ReadInt64());

    [Theory]
    [InlineData("05" + "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")] // unknown prefix
    [InlineData("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296" +
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f4")] // G with y's last bit flipped: off the curve
    public void Reader_ReportsAnInvalidPointAsMalformed(string hex) =>
        Assert.Throws<MalformedMessageException>(() =>
            new FieldReader(new FieldWriter().Add(Convert.FromHexString(hex)).ToArray()).ReadPoint());
}
