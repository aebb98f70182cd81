using System.Buffers.Binary;
using System.Text;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// The paper's concatenation ||, made unambiguous: every field is a 4-byte big-endian length followed
/// by its bytes, so "ab"||"c" and "a"||"bc" encode differently.
/// </summary>
public sealed class FieldWriter
{
    private readonly MemoryStream _buffer = new();

    public FieldWriter Add(ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        _buffer.Write(length);
        _buffer.Write(field);
        return this;
    }

    public FieldWriter Add(string text) => Add(Encoding.UTF8.GetBytes(text));

    public FieldWriter Add(CurvePoint point) => Add(point.Encoded);

    public FieldWriter Add(Scalar scalar) => Add(scalar.ToBytes());

    /// <summary>A timestamp T_Xi as milliseconds since the Unix epoch, 8 bytes.</summary>
    public FieldWriter Add(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return Add(bytes);
    }

    public byte[] ToArray() => _buffer.ToArray();

    public static byte[] Concat(params string[] fields)
    {
        var writer = new FieldWriter();
        foreach (var field in fields)
        {
            writer.Add(field);
        }
        return writer.ToArray();
    }
}
