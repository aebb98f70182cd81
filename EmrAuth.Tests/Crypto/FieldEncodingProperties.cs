using System.Security.Cryptography;
using CsCheck;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>Round trips of the basic encodings: FieldWriter/FieldReader fields, points and scalars.</summary>
public class FieldEncodingProperties
{
    private abstract record Field;

    private sealed record BytesField(byte[] Value) : Field;

    private sealed record TextField(string Value) : Field;

    private sealed record NumberField(long Value) : Field;

    private static readonly Gen<Field> AnyField = Gen.OneOf<Field>(
        Gen.Byte.Array[0, 40].Select(b => (Field)new BytesField(b)),
        Gen.String.Select(s => (Field)new TextField(s)),
        Gen.Long.Select(l => (Field)new NumberField(l)));

    private static byte[] Write(Field[] fields)
    {
        var writer = new FieldWriter();
        foreach (var field in fields)
        {
            _ = field switch
            {
                BytesField b => writer.Add(b.Value),
                TextField t => writer.Add(t.Value),
                NumberField n => writer.Add(n.Value),
                _ => throw new ArgumentOutOfRangeException(nameof(fields)),
            };
        }
        return writer.ToArray();
    }

    [Fact]
    public void Fields_read_back_as_written() =>
        AnyField.Array[0, 8].Sample(fields =>
        {
            var reader = new FieldReader(Write(fields));
            foreach (var field in fields)
            {
                switch (field)
                {
                    case BytesField b:
                        Assert.Equal(b.Value, reader.ReadBytes());
                        break;
                    case TextField t:
                        // UTF-8 has no form for a lone surrogate: the writer sends U+FFFD, as .NET's encoder does.
                        Assert.Equal(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(t.Value)), reader.ReadString());
                        break;
                    case NumberField n:
                        Assert.Equal(n.Value, reader.ReadInt64());
                        break;
                }
            }
            Assert.True(reader.AtEnd);
            reader.EnsureEnd();
        }, iter: 500);

    [Fact]
    public void A_cut_encoding_is_malformed_at_some_read() =>
        Gen.Select(AnyField.Array[1, 6], Gen.Int[0, int.MaxValue], (fields, at) => (fields, at)).Sample((fields, at) =>
        {
            var encoded = Write(fields);
            var reader = new FieldReader(encoded[..(at % encoded.Length)]);
            Assert.Throws<MalformedMessageException>(() =>
            {
                foreach (var _ in fields)
                {
                    reader.ReadBytes();
                }
                reader.EnsureEnd();
            });
        }, iter: 500);

    [Fact]
    public void A_point_decodes_to_itself_from_either_encoding() =>
        Gen.Byte.Array[Curve.ScalarLength].Sample(bytes =>
        {
            if (Parsed(() => Scalar.FromBytes(bytes)) is not { } k)
            {
                return;
            }
            var point = CurvePoint.MultiplyGenerator(k);
            Assert.True(CurvePoint.Decode(point.Encode()).SameAs(point));
            Assert.True(CurvePoint.Decode(point.Uncompressed).SameAs(point));
            Assert.Equal(point.Encode(), CurvePoint.Decode(point.Encode()).Encode());
        }, iter: 100);

    [Fact]
    public void A_compressed_encoding_that_decodes_encodes_back_to_itself() =>
        Gen.Select(Gen.OneOf(Gen.Const((byte)2), Gen.Const((byte)3)), Gen.Byte.Array[Curve.ScalarLength], (prefix, x) => (byte[])[prefix, .. x]).Sample(encoded =>
        {
            if (Parsed(() => CurvePoint.Decode(encoded)) is { } point)
            {
                Assert.Equal(encoded, point.Encode());
            }
        }, iter: 200);

    [Fact]
    public void A_scalar_that_parses_encodes_back_to_its_bytes() =>
        Gen.Byte.Array[Curve.ScalarLength].Sample(bytes =>
        {
            if (Parsed(() => Scalar.FromBytes(bytes)) is { } s)
            {
                Assert.Equal(bytes, s.ToBytes());
            }
        }, iter: 500);

    /// <summary>The value, or null where the parser refused the bytes (only with CryptographicException).</summary>
    private static T? Parsed<T>(Func<T> parse) where T : class
    {
        try
        {
            return parse();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
