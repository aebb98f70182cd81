using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EmrAuth.Domain.Crypto;

/// <summary>Reads what <see cref="FieldWriter"/> wrote; any truncation or leftover bytes is an error.</summary>
public sealed class FieldReader
{
    private readonly byte[] _data;
    private int _offset;

    public FieldReader(byte[] data) => _data = data;

    public byte[] ReadBytes()
    {
        if (_data.Length - _offset < 4)
        {
            throw new MalformedMessageException("a field's length is truncated");
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(_data.AsSpan(_offset, 4));
        _offset += 4;
        if (length < 0 || length > _data.Length - _offset)
        {
            throw new MalformedMessageException("a field is longer than the message");
        }
        var field = _data.AsSpan(_offset, length).ToArray();
        _offset += length;
        return field;
    }

    public string ReadString()
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(ReadBytes());
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedMessageException("a text field is not valid UTF-8");
        }
    }

    public long ReadInt64()
    {
        var bytes = ReadBytes();
        return bytes.Length == 8
            ? BinaryPrimitives.ReadInt64BigEndian(bytes)
            : throw new MalformedMessageException("a timestamp field is not 8 bytes");
    }

    /// <summary>A time written as Unix milliseconds; a value outside the calendar's range is malformed, not a crash.</summary>
    public DateTimeOffset ReadTime()
    {
        var milliseconds = ReadInt64();
        var min = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
        var max = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
        return milliseconds >= min && milliseconds <= max
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new MalformedMessageException("a time field is outside the calendar's range");
    }

    public CurvePoint ReadPoint()
    {
        try
        {
            return CurvePoint.Decode(ReadBytes());
        }
        catch (CryptographicException e)
        {
            throw new MalformedMessageException($"a point field is invalid: {e.Message}");
        }
    }

    public void EnsureEnd()
    {
        if (_offset != _data.Length)
        {
            throw new MalformedMessageException("unexpected bytes after the last field");
        }
    }
}

/// <summary>A decrypted payload or encoded structure that does not have the expected fields.</summary>
public sealed class MalformedMessageException(string reason) : Exception($"Malformed message: {reason}.");
