using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// The paper's concatenation ||, made unambiguous: every field is a 4-byte big-endian length followed
/// by its bytes, so "ab"||"c" and "a"||"bc" encode differently.
/// </summary>
/// <remarks>
/// Fields are written into a buffer rented from <see cref="ArrayPool{T}.Shared"/> and <see cref="ToArray"/>
/// returns the only exact-size copy: every message, signed content and hash input goes through here, and a
/// growing MemoryStream plus its copy-out was about a third of a visit's allocation. The rented buffer may
/// hold secrets (issued scalars), so its used part is cleared before it goes back to the pool.
/// </remarks>
public sealed class FieldWriter
{
    private const int InitialCapacity = 256;

    private byte[] _buffer = [];
    private int _length;
    private bool _rented;

    public FieldWriter Add(ReadOnlySpan<byte> field)
    {
        var destination = Reserve(field.Length);
        field.CopyTo(destination);
        return this;
    }

    public FieldWriter Add(string text)
    {
        var destination = Reserve(Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, destination);
        return this;
    }

    public FieldWriter Add(CurvePoint point) => Add(point.Encoded);

    public FieldWriter Add(Scalar scalar)
    {
        scalar.WriteBigEndian(Reserve(Curve.ScalarLength));
        return this;
    }

    /// <summary>A timestamp T_Xi as milliseconds since the Unix epoch, 8 bytes.</summary>
    public FieldWriter Add(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Reserve(sizeof(long)), value);
        return this;
    }

    /// <summary>
    /// The fields written so far, in an array of exactly their length. The rented buffer goes back to the pool;
    /// the writer keeps the returned array, so it can still be added to (rarely done, hence the extra copy then).
    /// </summary>
    public byte[] ToArray()
    {
        var result = _buffer.AsSpan(0, _length).ToArray();
        Release();
        _buffer = result;
        return result;
    }

    public static byte[] Concat(params string[] fields)
    {
        var writer = new FieldWriter();
        foreach (var field in fields)
        {
            writer.Add(field);
        }
        return writer.ToArray();
    }

    /// <summary>Writes the length prefix of a field of <paramref name="fieldLength"/> bytes and returns the space for its bytes.</summary>
    private Span<byte> Reserve(int fieldLength)
    {
        var needed = _length + sizeof(int) + fieldLength;
        if (needed > _buffer.Length || !_rented)
        {
            Grow(needed);
        }
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), fieldLength);
        var field = _buffer.AsSpan(_length + sizeof(int), fieldLength);
        _length = needed;
        return field;
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialCapacity, _buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        Release();
        _buffer = larger;
        _rented = true;
    }

    private void Release()
    {
        if (_rented)
        {
            Array.Clear(_buffer, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _rented = false;
        }
    }
}
