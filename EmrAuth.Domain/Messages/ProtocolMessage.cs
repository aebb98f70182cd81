using System.Buffers.Binary;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Messages;

/// <summary>A message as it crosses the network: named parts, the paper's name for it, and its timestamp.</summary>
public abstract record ProtocolMessage
{
    /// <summary>The paper's name, e.g. "C_P1, Sig_P1, T_P1".</summary>
    public string Name => string.Join(", ", Parts().Select(p => p.Name));

    /// <summary>T_Xi, milliseconds since the Unix epoch, sent in the clear beside the ciphertext.</summary>
    public abstract long Timestamp { get; }

    public abstract IReadOnlyList<MessagePart> Parts();

    /// <summary>A copy with one part's bytes replaced: what a man in the middle can do to the message.</summary>
    public abstract ProtocolMessage WithPart(int index, byte[] bytes);

    /// <summary>The replay cache's key: a digest over every part.</summary>
    public byte[] Digest()
    {
        var writer = new FieldWriter().Add(GetType().Name);
        foreach (var part in Parts())
        {
            writer.Add(part.Bytes ?? []);
        }
        return Hashing.Digest(writer.ToArray());
    }

    public int Size => Parts().Sum(p => p.Size);

    protected static byte[] TimestampBytes(long timestamp)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        return bytes;
    }

    protected static long ReadTimestamp(byte[] bytes) => bytes.Length == 8
        ? BinaryPrimitives.ReadInt64BigEndian(bytes)
        : throw new MalformedMessageException("a timestamp is 8 bytes");
}

/// <summary>The shape (C_X, Sig_X, T_X): public-key ciphertext, signature, timestamp.</summary>
public abstract record SignedMessage(byte[] Ciphertext, byte[] Signature, long SentAt) : ProtocolMessage
{
    protected abstract (string Ciphertext, string Signature, string Timestamp) PartNames { get; }

    public override long Timestamp => SentAt;

    public override IReadOnlyList<MessagePart> Parts()
    {
        var names = PartNames;
        return
        [
            MessagePart.Of(names.Ciphertext, PartKind.Ciphertext, Ciphertext),
            MessagePart.Of(names.Signature, PartKind.Signature, Signature),
            MessagePart.Of(names.Timestamp, PartKind.Timestamp, TimestampBytes(SentAt)),
        ];
    }

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 => this with { Ciphertext = bytes },
        1 => this with { Signature = bytes },
        2 => this with { SentAt = ReadTimestamp(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}

/// <summary>The shape (C_X, T_X): session-key ciphertext and timestamp.</summary>
public abstract record SealedMessage(byte[] Ciphertext, long SentAt) : ProtocolMessage
{
    protected abstract (string Ciphertext, string Timestamp) PartNames { get; }

    public override long Timestamp => SentAt;

    public override IReadOnlyList<MessagePart> Parts()
    {
        var names = PartNames;
        return
        [
            MessagePart.Of(names.Ciphertext, PartKind.Ciphertext, Ciphertext),
            MessagePart.Of(names.Timestamp, PartKind.Timestamp, TimestampBytes(SentAt)),
        ];
    }

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 => this with { Ciphertext = bytes },
        1 => this with { SentAt = ReadTimestamp(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
