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

    /// <summary>Whether every field has been read: lets a decoder read a list that runs to the end.</summary>
    public bool AtEnd => _offset == _data.Length;

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

    /// <summary>
    /// Opens a signed structure encoded as (signed content, signature) whose content starts with its version name, as
    /// Cert_D, Cert_H, the directory and the revocation list are: the reader continues after the version.
    /// </summary>
    public static (FieldReader Content, byte[] Signature) OpenSigned(byte[] encoded, string version, string structure)
    {
        var outer = new FieldReader(encoded);
        var content = outer.ReadBytes();
        var signature = outer.ReadBytes();
        outer.EnsureEnd();
        var inner = new FieldReader(content);
        return inner.ReadString() == version ? (inner, signature) : throw new MalformedMessageException($"{structure} has an unknown version");
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
