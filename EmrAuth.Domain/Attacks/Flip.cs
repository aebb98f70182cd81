namespace EmrAuth.Domain.Attacks;

/// <summary>Where a one-bit flip lands. Timestamps are 8 bytes big-endian, so LastByteBit0 moves T by 1 ms.</summary>
public enum Flip
{
    Byte0Bit0,

    /// <summary>On a timestamp, the sign bit: T lands outside DateTimeOffset's range.</summary>
    Byte0Bit7,
    MiddleByte,
    LastByteBit0,

    /// <summary>T ± 16.384 s: still inside the default ΔT of 30 s.</summary>
    TimestampBit14,

    /// <summary>T ± 32.768 s: outside the default ΔT of 30 s.</summary>
    TimestampBit15,
}

public static class FlipExtensions
{
    /// <summary>A copy of <paramref name="bytes"/> with the one bit <paramref name="flip"/> names inverted.</summary>
    public static byte[] Apply(this Flip flip, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        var (index, mask) = flip switch
        {
            Flip.Byte0Bit0 => (0, 0x01),
            Flip.Byte0Bit7 => (0, 0x80),
            Flip.MiddleByte => (copy.Length / 2, 0x08),
            Flip.LastByteBit0 => (copy.Length - 1, 0x01),
            Flip.TimestampBit14 => (copy.Length - 2, 0x40),
            Flip.TimestampBit15 => (copy.Length - 2, 0x80),
            _ => throw new ArgumentOutOfRangeException(nameof(flip)),
        };
        copy[index] ^= (byte)mask;
        return copy;
    }
}
