using System.Buffers.Binary;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>The hardened profile's bucket padding: exact layout, one padded form per content, and refusal of any other.</summary>
public sealed class PlaintextPaddingTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(60, 64)]
    [InlineData(61, 128)]
    [InlineData(124, 128)]
    [InlineData(125, 256)]
    [InlineData(252, 256)]
    [InlineData(253, 512)]
    [InlineData(5000, 8192)]
    public void Content_goes_into_the_smallest_power_of_two_bucket_of_at_least_64_bytes_that_holds_it_and_its_length(int length, int bucket)
    {
        var content = Enumerable.Range(0, length).Select(i => (byte)(i % 251 + 1)).ToArray();

        var padded = PlaintextPadding.Pad(content);

        Assert.Equal(bucket, padded.Length);
        Assert.Equal(length, BinaryPrimitives.ReadInt32BigEndian(padded));
        Assert.Equal(content, padded[4..(4 + length)]);
        Assert.All(padded[(4 + length)..], b => Assert.Equal(0, b));
        Assert.Equal(content, PlaintextPadding.Unpad(padded));
    }

    [Fact]
    public void Contents_of_different_lengths_in_one_bucket_pad_to_the_same_length()
    {
        Assert.Equal(PlaintextPadding.Pad(new byte[3]).Length, PlaintextPadding.Pad(new byte[60]).Length);
        Assert.Equal(PlaintextPadding.Pad(new byte[130]).Length, PlaintextPadding.Pad(new byte[252]).Length);
    }

    public static TheoryData<string, byte[]> Malformed()
    {
        var good = PlaintextPadding.Pad([1, 2, 3]);
        byte[] Edited(Action<byte[]> edit)
        {
            var copy = (byte[])good.Clone();
            edit(copy);
            return copy;
        }
        return new TheoryData<string, byte[]>
        {
            { "shorter than the smallest bucket", good[..63] },
            { "not a bucket size", [.. good, 0] },
            { "non-zero fill", Edited(b => b[^1] = 1) },
            { "length beyond the bucket", Edited(b => BinaryPrimitives.WriteInt32BigEndian(b, 61)) },
            { "negative length", Edited(b => BinaryPrimitives.WriteInt32BigEndian(b, -1)) },
            // 3 content bytes fit the 64-byte bucket: the same content in a 128-byte bucket is not its one padded form.
            { "a larger bucket than needed", [.. good, .. new byte[64]] },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Anything_but_the_one_padded_form_is_a_malformed_message(string why, byte[] padded)
    {
        var refused = Assert.Throws<MalformedMessageException>(() => PlaintextPadding.Unpad(padded));

        Assert.False(string.IsNullOrEmpty(why));
        Assert.StartsWith("Malformed message", refused.Message);
    }
}
