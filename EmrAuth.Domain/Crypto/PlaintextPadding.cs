using System.Buffers.Binary;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// The hardened profile's padding of every plaintext before encryption, so that a ciphertext's length tells an
/// observer only a bucket, not |ID_P| or any other field's length (unlinkability, docs/protocol.md#d-padding).
/// Layout: a 4-byte big-endian content length L, the L content bytes, then zero bytes up to the bucket: the smallest
/// power of two of at least <see cref="SmallestBucket"/> bytes that holds L + 4. Exactly one padded form exists for
/// each content, and anything else is refused.
/// </summary>
public static class PlaintextPadding
{
    public const int SmallestBucket = 64;

    private const int LengthPrefix = 4;

    /// <summary>The padded size of a content of <paramref name="contentLength"/> bytes: 64, 128, 256, 512, …</summary>
    public static int BucketFor(int contentLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        var needed = checked(contentLength + LengthPrefix);
        return needed <= SmallestBucket ? SmallestBucket : checked((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed));
    }

    public static byte[] Pad(ReadOnlySpan<byte> content)
    {
        var padded = new byte[BucketFor(content.Length)];
        BinaryPrimitives.WriteInt32BigEndian(padded, content.Length);
        content.CopyTo(padded.AsSpan(LengthPrefix));
        return padded;
    }

    /// <summary>The content of a padded plaintext; a wrong length, bucket or non-zero fill is a malformed message.</summary>
    public static byte[] Unpad(ReadOnlySpan<byte> padded)
    {
        if (padded.Length < SmallestBucket)
        {
            throw new MalformedMessageException($"a padded plaintext is at least {SmallestBucket} bytes");
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(padded);
        if (length < 0 || length > padded.Length - LengthPrefix || BucketFor(length) != padded.Length)
        {
            throw new MalformedMessageException("the padded length does not match its bucket");
        }
        if (padded[(LengthPrefix + length)..].ContainsAnyExcept((byte)0))
        {
            throw new MalformedMessageException("the padding is not all zero");
        }
        return padded.Slice(LengthPrefix, length).ToArray();
    }
}
